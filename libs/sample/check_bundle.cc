#include "libs/sample/check_bundle.h"

#include <cstdio>
#include <iostream>
#include <sstream>

#include "libs/core/error.h"

namespace dolly::sample {
namespace {

std::string Shape(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (std::size_t d = 0; d < shape.size(); ++d) s += (d ? ", " : "") + std::to_string(shape[d]);
  return s + "]";
}

std::string Line(const char* tag, const diffusion::TensorSummary& t) {
  std::ostringstream out;
  out.precision(5);
  out << "    " << tag << "  " << t.name << "  " << Shape(t.shape) << "  " << t.dtype << "  ";
  if (t.shape.empty() || t.min <= t.max) out << t.min << " .. " << t.max;
  if (!t.finite) out << "  (NaN/Inf)";
  return out.str();
}

}  // namespace

std::string FormatBundleCheck(const diffusion::BundleCheck& check) {
  std::ostringstream out;
  out << "bundle " << check.json_path << ": " << check.bundle.width << "x" << check.bundle.height
      << "x" << check.bundle.frames << ", latent " << check.bundle.latent_channels << " channels / "
      << check.bundle.downsample << "\n";
  for (const auto& [kind, mode] : check.bundle.controls) {
    out << "  controls." << kind << " = " << mode << "\n";
  }
  for (const diffusion::ModuleCheck& m : check.modules) {
    out << "  " << m.module << "  " << m.path << "  " << m.signature << "\n";
    for (const auto& t : m.inputs) out << Line("in  ", t) << "\n";
    for (const auto& t : m.outputs) out << Line("out ", t) << "\n";
    for (const std::string& n : m.notes) out << "    note " << n << "\n";
    for (const std::string& e : m.mismatches) out << "    MISMATCH " << e << "\n";
    if (m.mismatches.empty()) out << "    ok\n";
  }
  return out.str();
}

void RunCheckBundle(const SampleToolOptions& options, int threads, bool json,
                    cli::Summary* summary) {
  diffusion::LoadOptions load;
  load.device = options.device;
  load.dtype = options.dtype;
  load.threads = threads;
  const diffusion::BundleCheck check = diffusion::CheckBundle(options.check_bundle, load);
  (json ? std::cerr : std::cout) << FormatBundleCheck(check) << std::flush;

  nlohmann::json modules = nlohmann::json::array();
  const diffusion::ModuleCheck* failed = nullptr;
  for (const diffusion::ModuleCheck& m : check.modules) {
    modules.push_back({{"module", m.module},
                       {"path", m.path},
                       {"passed", m.mismatches.empty()},
                       {"mismatches", m.mismatches}});
    if (!failed && !m.mismatches.empty()) failed = &m;
  }
  summary->Set("bundle", check.json_path);
  summary->Set("modules", modules);
  if (failed) {
    const std::size_t more = failed->mismatches.size() - 1;
    throw InvalidInputError("--check-bundle " + check.json_path + ": " + failed->module + " (" +
                            failed->path + "): " + failed->mismatches.front() +
                            (more ? " (and " + std::to_string(more) + " more, listed above)" : ""));
  }
}

}  // namespace dolly::sample
