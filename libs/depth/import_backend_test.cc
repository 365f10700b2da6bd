// --backend import: exact round trips through every format, the value
// mapping, natural order, and the error contract on malformed files.
#define BOOST_TEST_MODULE import_backend_test
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "libs/artifact/artifact_io.h"
#include "libs/artifact/header.h"
#include "libs/core/error.h"
#include "libs/depth/depth_formats.h"
#include "libs/depth/run_depth.h"
#include "libs/depth/testing/depth_test_util.h"
#include "libs/media/image_io.h"
#include "libs/tensor/cv_bridge.h"

namespace dolly::depth {
namespace {

namespace fs = std::filesystem;
using testing::MakeTestDir;
using testing::WriteBytes;

cv::Mat Ramp(int rows, int cols, float base) {
  cv::Mat m(rows, cols, CV_32F);
  for (int y = 0; y < rows; ++y)
    for (int x = 0; x < cols; ++x) m.at<float>(y, x) = base + 0.25f * x + 1.5f * y;
  return m;
}

bool Equal(const cv::Mat& a, const cv::Mat& b) {
  return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0.0;
}

artifact::Artifact<schema::DepthSequenceInfo> Read(const std::string& path) {
  return artifact::ReadArtifact<schema::DepthSequenceInfo>(path);
}

BOOST_AUTO_TEST_CASE(every_format_round_trips_exactly) {
  const std::string dir = MakeTestDir("round_trip");
  const cv::Mat f32 = Ramp(5, 7, 0.5f);
  cv::Mat f64, u16;
  Ramp(5, 7, 2.0f).convertTo(f64, CV_64F);
  f64.at<double>(0, 0) = 0.1;  // not representable in float: narrowed like a cast
  cv::Mat(Ramp(5, 7, 100.0f) * 4).convertTo(u16, CV_16U);
  WriteBytes(dir + "/a.npy", testing::NpyOf(f32));
  WriteBytes(dir + "/b.npy", testing::NpyOf(f64));
  WriteBytes(dir + "/c.npy", testing::NpyOf(u16));
  WriteBytes(dir + "/d.pfm", testing::PfmOf(f32));
  media::WriteImage16(dir + "/e.png", u16);

  cv::Mat f64_as_f32, u16_as_f32;
  f64.convertTo(f64_as_f32, CV_32F);
  u16.convertTo(u16_as_f32, CV_32F);
  BOOST_TEST(Equal(ReadDepthFile(dir + "/a.npy"), f32));
  BOOST_TEST(Equal(ReadDepthFile(dir + "/b.npy"), f64_as_f32));
  BOOST_TEST(Equal(ReadDepthFile(dir + "/c.npy"), u16_as_f32));
  BOOST_TEST(Equal(ReadDepthFile(dir + "/d.pfm"), f32));
  BOOST_TEST(Equal(ReadDepthFile(dir + "/e.png"), u16_as_f32));

  // The whole directory as one sequence, through the artifact.
  DepthOptions options;
  options.input = dir;
  options.output = MakeTestDir("round_trip_out") + "/depth.dolly";
  options.fx = 100.0;
  const DepthResult result = RunDepthImpl(options);
  BOOST_TEST(result.frames == 5);
  BOOST_TEST(result.valid_fraction == 1.0);
  const auto art = Read(options.output);
  BOOST_TEST(art.info.kind == schema::DepthKind::METRIC);
  BOOST_TEST(art.info.frame_count == 5);
  BOOST_TEST(art.info.intrinsics.fx == 100.0);
  BOOST_TEST(art.info.intrinsics.cx == 3.0);
  BOOST_TEST(art.header.tool_name == "dolly-depth");
  const cv::Mat expected[] = {f32, f64_as_f32, u16_as_f32, f32, u16_as_f32};
  for (int i = 0; i < 5; ++i) BOOST_TEST(Equal(MatFromTensor(art.frames[i].depth), expected[i]));
}

BOOST_AUTO_TEST_CASE(millimetre_png_and_inverse_depth_are_mapped) {
  const std::string dir = MakeTestDir("mapping");
  cv::Mat mm(3, 4, CV_16U, cv::Scalar(2500));
  mm.at<uint16_t>(1, 1) = 0;
  media::WriteImage16(dir + "/mm.png", mm);
  DepthOptions options;
  options.input = dir + "/mm.png";
  options.output = dir + "/mm.dolly";
  options.scale = 0.001;
  RunDepthImpl(options);
  const cv::Mat metres = MatFromTensor(Read(options.output).frames[0].depth);
  BOOST_TEST(metres.at<float>(0, 0) == 2.5f);
  BOOST_TEST(metres.at<float>(1, 1) == 0.0f);

  // Disparity 0.25 (and 0 = unknown) -> depth 4 (and 0).
  cv::Mat disparity(2, 2, CV_32F, cv::Scalar(0.25f));
  disparity.at<float>(0, 1) = 0.0f;
  WriteBytes(dir + "/disp.pfm", testing::PfmOf(disparity));
  options.input = dir + "/disp.pfm";
  options.output = dir + "/disp.dolly";
  options.scale = 1.0;
  options.invert = true;
  options.kind = "relative";
  RunDepthImpl(options);
  const auto art = Read(options.output);
  BOOST_TEST(art.info.kind == schema::DepthKind::RELATIVE_DEPTH);
  const cv::Mat depth = MatFromTensor(art.frames[0].depth);
  BOOST_TEST(depth.at<float>(0, 0) == 4.0f);
  BOOST_TEST(depth.at<float>(0, 1) == 0.0f);
}

// A DepthSequence artifact (what dolly-synth writes) is imported frame by
// frame: the mapping applies to its values, kind, intrinsics and fps carry
// over unless the flags override them; anything else is exit-3 input.
BOOST_AUTO_TEST_CASE(depth_sequence_artifact_is_copied_with_the_mapping) {
  const std::string dir = MakeTestDir("artifact_input");
  artifact::Artifact<schema::DepthSequenceInfo> source;
  source.header = artifact::MakeHeader("dolly-synth");
  source.info.__set_kind(schema::DepthKind::METRIC);
  source.info.__set_scale(1.0);
  source.info.__set_shift(0.0);
  schema::Intrinsics k;
  k.__set_fx(50.0);
  k.__set_fy(51.0);
  k.__set_cx(3.0);
  k.__set_cy(2.0);
  k.__set_width(7);
  k.__set_height(5);
  source.info.__set_intrinsics(k);
  source.info.__set_frame_count(3);
  source.info.__set_fps(12.0);
  for (int i = 0; i < 3; ++i) {
    cv::Mat d = Ramp(5, 7, 1.0f + i);
    d.at<float>(2, 3) = 0.0f;  // unknown stays unknown
    schema::DepthFrame frame;
    frame.__set_index(i);
    frame.__set_depth(TensorFromMat(d));
    source.frames.push_back(frame);
  }
  artifact::WriteArtifact(dir + "/synth_depth.dolly", source);

  DepthOptions options;
  options.input = dir + "/synth_depth.dolly";
  options.output = dir + "/copy.dolly";
  const DepthResult copy = RunDepthImpl(options);
  BOOST_TEST(copy.frames == 3);
  const auto same = Read(options.output);
  BOOST_TEST(same.info.kind == schema::DepthKind::METRIC);
  BOOST_TEST(same.info.intrinsics.fx == 50.0);
  BOOST_TEST(same.info.intrinsics.fy == 51.0);
  BOOST_TEST(same.info.fps == 12.0);
  BOOST_TEST(same.header.parameters.at("source") == "DepthSequence");
  for (int i = 0; i < 3; ++i) {
    BOOST_TEST(Equal(MatFromTensor(same.frames[i].depth), MatFromTensor(source.frames[i].depth)));
  }

  // The mapping, a new focal length and kind.
  options.output = dir + "/mapped.dolly";
  options.scale = 2.0;
  options.shift = 0.5;
  options.fx = 80.0;
  options.kind = "relative";
  RunDepthImpl(options);
  const auto mapped = Read(options.output);
  BOOST_TEST(mapped.info.kind == schema::DepthKind::RELATIVE_DEPTH);
  BOOST_TEST(mapped.info.intrinsics.fx == 80.0);
  const cv::Mat m1 = MatFromTensor(mapped.frames[1].depth);
  const cv::Mat s1 = MatFromTensor(source.frames[1].depth);
  BOOST_TEST(m1.at<float>(4, 6) == 2.0f * s1.at<float>(4, 6) + 0.5f);
  BOOST_TEST(m1.at<float>(2, 3) == 0.5f);  // the mapping of 0, as for files

  // A source's own scale/shift is folded in; its zeros stay unknown.
  source.info.__set_kind(schema::DepthKind::RELATIVE_DEPTH);
  source.info.__set_scale(3.0);
  source.info.__set_shift(1.0);
  artifact::WriteArtifact(dir + "/relative.dolly", source);
  DepthOptions folded_options;
  folded_options.input = dir + "/relative.dolly";
  folded_options.output = dir + "/folded.dolly";
  RunDepthImpl(folded_options);
  const auto folded = Read(folded_options.output);
  BOOST_TEST(folded.info.kind == schema::DepthKind::RELATIVE_DEPTH);
  BOOST_TEST(folded.info.scale == 1.0);
  const cv::Mat f0 = MatFromTensor(folded.frames[0].depth);
  const cv::Mat s0 = MatFromTensor(source.frames[0].depth);
  BOOST_TEST(f0.at<float>(1, 1) == 3.0f * s0.at<float>(1, 1) + 1.0f);
  BOOST_TEST(f0.at<float>(2, 3) == 0.0f);

  // Another artifact kind is invalid input naming the file; nothing written.
  artifact::Artifact<schema::MetricsInfo> metrics;
  metrics.header = artifact::MakeHeader("dolly-eval");
  artifact::WriteArtifact(dir + "/metrics.dolly", metrics);
  folded_options.input = dir + "/metrics.dolly";
  folded_options.output = dir + "/never.dolly";
  testing::CheckThrowsNaming<InvalidInputError>([&] { RunDepthImpl(folded_options); },
                                                folded_options.input);
  BOOST_TEST(!fs::exists(folded_options.output));
}

// Relative inverse depth aligned to a sparse metric reference becomes metric.
BOOST_AUTO_TEST_CASE(align_to_sparse_metric_reference) {
  const std::string dir = MakeTestDir("align_to");
  // True depth 2..8 m; the file holds 0.5 / depth + 0.1 (disparity-like).
  cv::Mat truth(6, 8, CV_32F), rel(6, 8, CV_32F);
  for (int y = 0; y < 6; ++y)
    for (int x = 0; x < 8; ++x) {
      truth.at<float>(y, x) = 2.0f + 0.75f * x;
      rel.at<float>(y, x) = 0.5f / truth.at<float>(y, x) + 0.1f;
    }
  WriteBytes(dir + "/rel.npy", testing::NpyOf(rel));
  // Reference: every third pixel measured, one of them an outlier.
  cv::Mat sparse(6, 8, CV_32F, cv::Scalar(0));
  for (int i = 0; i < 48; i += 3) sparse.at<float>(i / 8, i % 8) = truth.at<float>(i / 8, i % 8);
  sparse.at<float>(0, 3) = 50.0f;
  artifact::Artifact<schema::DepthSequenceInfo> reference;
  reference.header = artifact::MakeHeader("test");
  reference.info.__set_kind(schema::DepthKind::METRIC);
  schema::DepthFrame frame;
  frame.__set_depth(TensorFromMat(sparse));
  reference.frames.push_back(frame);
  artifact::WriteArtifact(dir + "/sparse.dolly", reference);

  DepthOptions options;
  options.input = dir + "/rel.npy";
  options.output = dir + "/aligned.dolly";
  options.kind = "relative-inverse";
  options.align_to = dir + "/sparse.dolly";
  const DepthResult result = RunDepthImpl(options);
  BOOST_REQUIRE(result.alignment.size() == 1u);
  BOOST_TEST(std::abs(result.alignment[0].scale - 2.0) < 1e-4);   // 1/z = 2 (v - 0.1)
  BOOST_TEST(std::abs(result.alignment[0].shift + 0.2) < 1e-4);
  const auto art = Read(options.output);
  BOOST_TEST(art.info.kind == schema::DepthKind::METRIC);
  BOOST_TEST(art.header.parameters.at("aligned_from") == "relative-inverse");
  const cv::Mat depth = MatFromTensor(art.frames[0].depth);
  BOOST_TEST(cv::norm(depth, truth, cv::NORM_INF) < 1e-3);

  // A reference of another length or size is invalid input naming it.
  WriteBytes(dir + "/rel2.npy", testing::NpyOf(cv::Mat(5, 8, CV_32F, cv::Scalar(1))));
  options.input = dir + "/rel2.npy";
  options.output = dir + "/aligned2.dolly";
  testing::CheckThrowsNaming<InvalidInputError>([&] { RunDepthImpl(options); }, options.align_to);
  BOOST_TEST(!fs::exists(options.output));
}

BOOST_AUTO_TEST_CASE(directories_sort_naturally_and_skip_other_files) {
  const std::string dir = MakeTestDir("natural");
  for (int i : {10, 2, 1}) {
    WriteBytes(dir + "/f" + std::to_string(i) + ".npy",
               testing::NpyOf(cv::Mat(2, 2, CV_32F, cv::Scalar(i))));
  }
  WriteBytes(dir + "/notes.txt", "x");
  WriteBytes(dir + "/.hidden.npy", "x");
  const auto files = ListDepthFiles(dir);
  BOOST_TEST(files.size() == 3u);
  BOOST_TEST(fs::path(files[0]).filename() == "f1.npy");
  BOOST_TEST(fs::path(files[1]).filename() == "f2.npy");
  BOOST_TEST(fs::path(files[2]).filename() == "f10.npy");
  BOOST_TEST(NaturalLess("a9", "a10"));
  BOOST_TEST(!NaturalLess("a10", "a9"));
  BOOST_TEST(NaturalLess("a1", "a01"));  // equal value: fewer leading zeros first
}

// Every malformed file is an InvalidInputError naming it, and no output is left.
BOOST_AUTO_TEST_CASE(malformed_files_are_invalid_input_naming_the_file) {
  const std::string dir = MakeTestDir("malformed");
  const cv::Mat good = Ramp(4, 4, 1.0f);
  const std::string npy = testing::NpyOf(good);
  cv::Mat nan_map = good.clone();
  nan_map.at<float>(2, 1) = std::numeric_limits<float>::quiet_NaN();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"truncated.npy", npy.substr(0, npy.size() - 3)},
      {"header_cut.npy", npy.substr(0, 30)},
      {"wrong_dtype.npy", testing::NpyBytes("<i8", "(4, 4)", std::string(128, '\0'))},
      {"big_endian.npy", testing::NpyBytes(">f4", "(4, 4)", std::string(64, '\0'))},
      {"absurd_shape.npy", testing::NpyBytes("<f4", "(999999999, 999999999)", "")},
      {"rank3.npy", testing::NpyBytes("<f4", "(2, 4, 4)", std::string(128, '\0'))},
      {"nan.npy", testing::NpyOf(nan_map)},
      {"nan.pfm", testing::PfmOf(nan_map)},
      {"bad_header.pfm", "P7\n4 4\n-1.0\n" + std::string(64, '\0')},
      {"colour.pfm", "PF\n4 4\n-1.0\n" + std::string(192, '\0')},
      {"bad_size.pfm", "Pf\nfour 4\n-1.0\n" + std::string(64, '\0')},
      {"truncated.pfm", testing::PfmOf(good).substr(0, 40)},
      {"not_png.png", "this is not a png"},
  };
  for (const auto& [name, bytes] : cases) {
    const std::string sub = MakeTestDir("malformed/" + fs::path(name).stem().string() +
                                        fs::path(name).extension().string().substr(1));
    WriteBytes(sub + "/" + name, bytes);
    DepthOptions options;
    options.input = sub + "/" + name;
    options.output = sub + "/out.dolly";
    BOOST_TEST_CONTEXT(name) {
      testing::CheckThrowsNaming<InvalidInputError>([&] { RunDepthImpl(options); },
                                                    options.input);
      // Nothing but the input is left behind (no output, no temporary file).
      int entries = 0;
      for (const auto& e : fs::directory_iterator(sub)) entries += e.exists() ? 1 : 0;
      BOOST_TEST(entries == 1);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_bad_frame_late_in_a_directory_leaves_no_output) {
  const std::string dir = MakeTestDir("late_failure");
  WriteBytes(dir + "/0.npy", testing::NpyOf(Ramp(4, 4, 1.0f)));
  WriteBytes(dir + "/1.npy", testing::NpyOf(Ramp(5, 4, 1.0f)));  // size changes
  const std::string out = MakeTestDir("late_failure_out") + "/out.dolly";
  DepthOptions options;
  options.input = dir;
  options.output = out;
  testing::CheckThrowsNaming<InvalidInputError>([&] { RunDepthImpl(options); }, dir + "/1.npy");
  BOOST_TEST(fs::is_empty(fs::path(out).parent_path()));

  // Negative depth after the mapping is rejected too.
  options.input = dir + "/0.npy";
  options.shift = -100.0;
  testing::CheckThrowsNaming<InvalidInputError>([&] { RunDepthImpl(options); }, options.input);
  BOOST_TEST(fs::is_empty(fs::path(out).parent_path()));
}

BOOST_AUTO_TEST_CASE(missing_input_is_io_error) {
  DepthOptions options;
  options.input = MakeTestDir("missing") + "/nope.npy";
  options.output = MakeTestDir("missing_out") + "/out.dolly";
  testing::CheckThrowsNaming<IoError>([&] { RunDepthImpl(options); }, options.input);
  options.input = MakeTestDir("empty_dir");
  testing::CheckThrowsNaming<InvalidInputError>([&] { RunDepthImpl(options); }, options.input);
  options.kind = "bogus";
  BOOST_CHECK_THROW(RunDepthImpl(options), UsageError);
}

}  // namespace
}  // namespace dolly::depth
