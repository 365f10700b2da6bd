#include "libs/inspect/export.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "libs/artifact/artifact_io.h"
#include "libs/core/error.h"
#include "libs/inspect/export_kinds.h"
#include "libs/inspect/frame_sequence.h"
#include "libs/inspect/reopenable_input.h"
#include "libs/fileio/staging_dir.h"

namespace dolly::inspect {
namespace {

namespace fs = std::filesystem;

std::string SizeText(uintmax_t bytes) {
  char buffer[32];
  if (bytes < 1024) {
    std::snprintf(buffer, sizeof(buffer), "%ju bytes", bytes);
  } else if (bytes < (1u << 20)) {
    std::snprintf(buffer, sizeof(buffer), "%.1f KB", bytes / 1024.0);
  } else {
    std::snprintf(buffer, sizeof(buffer), "%.1f MB", bytes / 1048576.0);
  }
  return buffer;
}

}  // namespace

double ExportContext::Fps(bool isset, double fps) {
  if (isset && std::isfinite(fps) && fps > 0) return fps;
  const std::string note = "the artifact has no frame rate: videos play at " +
                           std::to_string(static_cast<int>(kDefaultFps)) + " fps";
  if (std::find(notes.begin(), notes.end(), note) == notes.end()) notes.push_back(note);
  return kDefaultFps;
}

void WriteTextFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
  out.close();
  if (!out) throw IoError(path + ": cannot write");
}

ExportReport ExportArtifact(const std::string& input, const ExportOptions& options) {
  const ReopenableInput source(input);
  try {
    // The header is checked before the directory is made, so input that is
    // not an artifact at all never creates one.
    const schema::ArtifactKind::type kind = artifact::OpenArtifact(source.path()).header.kind;
    fileio::StagingDir staging(options.dir);
    ExportContext context;
    context.input = source.path();
    context.dir = staging.path();
    context.options = options;
    ExportReport report;
    artifact::VisitKind(kind, [&](auto tag) {
      report.kind = artifact::ArtifactTraits<typename decltype(tag)::type>::kName;
      ExportKind(tag, &context);
    });
    staging.Commit();
    report.notes = std::move(context.notes);
    return report;
  } catch (const InvalidInputError& e) {
    throw InvalidInputError(source.Rename(e.what()));
  } catch (const IoError& e) {
    throw IoError(source.Rename(e.what()));
  }
}

std::vector<std::string> DescribeExport(const std::string& dir) {
  std::vector<fs::directory_entry> entries;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) entries.push_back(entry);
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.path().filename() < b.path().filename(); });
  std::vector<std::string> lines;
  for (const fs::directory_entry& entry : entries) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_directory()) {
      lines.push_back(name + "  " + SizeText(entry.file_size()));
      continue;
    }
    std::vector<std::string> files;
    uintmax_t bytes = 0;
    for (const fs::directory_entry& file : fs::directory_iterator(entry.path())) {
      files.push_back(file.path().filename().string());
      bytes += file.is_regular_file() ? file.file_size() : 0;
    }
    std::sort(files.begin(), files.end());
    std::string line = name + "/  " + std::to_string(files.size()) + " files";
    if (!files.empty()) line += " " + files.front() + " .. " + files.back();
    lines.push_back(line + ", " + SizeText(bytes));
  }
  return lines;
}

}  // namespace dolly::inspect
