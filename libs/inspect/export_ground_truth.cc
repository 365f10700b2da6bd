// SceneGroundTruth -> masks/ + masks.mp4 (one colour per object id, 0 black)
// and objects.csv naming each colour.
#include <memory>
#include <vector>

#include "libs/artifact/artifact_io.h"
#include "libs/cli/progress.h"
#include "libs/inspect/csv.h"
#include "libs/inspect/export_kinds.h"
#include "libs/inspect/frame_sequence.h"
#include "libs/inspect/palette.h"

namespace dolly::inspect {
namespace {

// Mask ids are 16-bit, so a table of every id's colour is small and makes
// colouring a frame one lookup per pixel.
const std::vector<cv::Vec3b>& IdColors() {
  static const std::vector<cv::Vec3b> colors = [] {
    std::vector<cv::Vec3b> table(65536);
    table[0] = cv::Vec3b(0, 0, 0);
    for (int id = 1; id < 65536; ++id) table[id] = DistinctColor(id);
    return table;
  }();
  return colors;
}

cv::Mat ColorMask(const schema::Tensor& mask) {
  const int rows = static_cast<int>(mask.shape[0]), cols = static_cast<int>(mask.shape[1]);
  const std::vector<cv::Vec3b>& colors = IdColors();
  cv::Mat rgb(rows, cols, CV_8UC3);
  const auto* ids = reinterpret_cast<const unsigned char*>(mask.data.data());
  for (int y = 0; y < rows; ++y) {
    cv::Vec3b* out = rgb.ptr<cv::Vec3b>(y);
    for (int x = 0; x < cols; ++x) {
      const size_t at = 2 * (static_cast<size_t>(y) * cols + x);
      out[x] = colors[ids[at] | ids[at + 1] << 8];  // little-endian, any host
    }
  }
  return rgb;
}

}  // namespace

void ExportKind(Kind<schema::SceneGroundTruthInfo>, ExportContext* context) {
  artifact::ArtifactReader<schema::SceneGroundTruthInfo> reader(context->input);
  const schema::SceneGroundTruthInfo& info = reader.info();
  std::string csv = "id,name,shape,red,green,blue\n";
  for (const schema::SceneObject& object : info.objects) {
    const cv::Vec3b c = IdColors()[object.id];
    const auto shape = schema::_ObjectShape_VALUES_TO_NAMES.find(object.shape);
    csv += std::to_string(object.id) + "," + CsvField(object.name) + "," +
           (object.__isset.shape && shape != schema::_ObjectShape_VALUES_TO_NAMES.end()
                ? shape->second
                : "") +
           "," + std::to_string(c[0]) + "," + std::to_string(c[1]) + "," + std::to_string(c[2]) +
           "\n";
  }
  WriteTextFile(context->File("objects.csv"), csv);

  std::unique_ptr<FrameSequence> masks;
  cli::Progress progress("exporting masks", info.__isset.frame_count ? info.frame_count : -1);
  schema::SceneGroundTruthFrame frame;
  while (reader.NextFrame(&frame)) {
    if (frame.__isset.instance_mask) {
      if (!masks) {
        masks = std::make_unique<FrameSequence>(context->dir, "masks",
                                                context->Fps(info.__isset.fps, info.fps));
      }
      masks->Write(ColorMask(frame.instance_mask));
    }
    progress.Advance();
  }
  if (masks) masks->Close();
  progress.Done();
  context->notes.push_back("masks: one colour per object id (objects.csv), black = no object");
}

}  // namespace dolly::inspect
