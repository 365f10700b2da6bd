#define BOOST_TEST_MODULE tensor
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>

#include "libs/core/error.h"
#include "libs/tensor/cv_bridge.h"
#include "libs/tensor/eigen_bridge.h"
#include "libs/tensor/tensor.h"

namespace dolly {

BOOST_AUTO_TEST_CASE(make_tensor_sizes_data_by_dtype_and_shape) {
  const schema::Tensor t = MakeTensor(schema::DType::UINT16, {3, 4});
  BOOST_TEST(t.data.size() == 24u);
  BOOST_TEST(DescribeTensor(t) == "UINT16[3, 4]");
  BOOST_CHECK_NO_THROW(CheckTensor(t, "t", schema::DType::UINT16, {-1, 4}));
}

BOOST_AUTO_TEST_CASE(check_tensor_rejects_mismatches) {
  schema::Tensor t = MakeTensor(schema::DType::FLOAT32, {2, 2});
  BOOST_CHECK_THROW(CheckTensor(t, "t", schema::DType::FLOAT64, {2, 2}), InvalidInputError);
  BOOST_CHECK_THROW(CheckTensor(t, "t", schema::DType::FLOAT32, {2, 3}), InvalidInputError);
  BOOST_CHECK_THROW(CheckTensor(t, "t", schema::DType::FLOAT32, {4}), InvalidInputError);
  t.data.pop_back();
  try {
    CheckTensor(t, "depth");
    BOOST_FAIL("short data accepted");
  } catch (const InvalidInputError& e) {
    BOOST_TEST(std::string(e.what()).find("depth: tensor FLOAT32[2, 2] needs 16 bytes") == 0u);
  }
  schema::Tensor bad_dtype = MakeTensor(schema::DType::UINT8, {1});
  bad_dtype.__set_dtype(static_cast<schema::DType::type>(99));
  BOOST_CHECK_THROW(CheckTensor(bad_dtype, "t"), InvalidInputError);
}

BOOST_AUTO_TEST_CASE(element_count_rejects_negative_and_overflowing_shapes) {
  BOOST_CHECK_THROW(ElementCount({2, -1}), InvalidInputError);
  BOOST_CHECK_THROW(ElementCount({1ll << 40, 1ll << 40}), InvalidInputError);
  BOOST_TEST(ElementCount({}) == 1);
  BOOST_TEST(ElementCount({5, 0}) == 0);
}

BOOST_AUTO_TEST_CASE(check_finite_finds_nan_and_inf) {
  std::vector<float> values = {1.f, std::numeric_limits<float>::quiet_NaN()};
  BOOST_CHECK_THROW(CheckFinite(MakeTensor(values), "v"), InvalidInputError);
  values[1] = std::numeric_limits<float>::infinity();
  BOOST_CHECK_THROW(CheckFinite(MakeTensor(values), "v"), InvalidInputError);
  values[1] = 2.f;
  BOOST_CHECK_NO_THROW(CheckFinite(MakeTensor(values), "v"));
}

BOOST_AUTO_TEST_CASE(check_finite_non_negative_names_the_element) {
  std::vector<float> values(1000, 2.f);
  values[3] = -0.f;  // allowed: equal to zero
  BOOST_CHECK_NO_THROW(CheckFiniteNonNegative(MakeTensor(values), "depth"));
  for (float bad : {-1e-30f, std::numeric_limits<float>::quiet_NaN(),
                    std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity()}) {
    values[777] = bad;
    try {
      CheckFiniteNonNegative(MakeTensor(values), "depth");
      BOOST_FAIL("accepted " << bad);
    } catch (const InvalidInputError& e) {
      BOOST_TEST(std::string(e.what()).find("depth: element 777 is") == 0u);
    }
  }
  BOOST_CHECK_THROW(CheckFiniteNonNegative(MakeTensor(std::vector<double>{1.0}), "d"),
                    InvalidInputError);
}

BOOST_AUTO_TEST_CASE(cv_round_trip_is_exact_for_every_depth) {
  for (int type : {CV_8UC3, CV_16UC1, CV_32SC1, CV_32FC1, CV_64FC2}) {
    cv::Mat mat(5, 7, type);
    cv::randu(mat, 0, 200);
    const schema::Tensor t = TensorFromMat(mat);
    BOOST_TEST(t.shape[0] == 5);
    BOOST_TEST(t.shape[1] == 7);
    const cv::Mat back = MatFromTensor(t);
    BOOST_TEST(back.type() == type);
    BOOST_TEST(cv::norm(back, mat, cv::NORM_INF) == 0.0);
  }
}

BOOST_AUTO_TEST_CASE(cv_bridge_packs_non_continuous_views) {
  cv::Mat big(10, 10, CV_8UC1);
  for (int i = 0; i < 100; ++i) big.data[i] = static_cast<uint8_t>(i);
  const cv::Mat roi = big(cv::Rect(2, 3, 4, 5));
  const cv::Mat back = MatFromTensor(TensorFromMat(roi));
  BOOST_TEST(back.at<uint8_t>(0, 0) == 32);
  BOOST_TEST(back.at<uint8_t>(4, 3) == 75);
}

BOOST_AUTO_TEST_CASE(cv_bridge_rejects_non_images) {
  BOOST_CHECK_THROW(MatFromTensor(MakeTensor(schema::DType::FLOAT32, {4})), InvalidInputError);
  BOOST_CHECK_THROW(MatFromTensor(MakeTensor(schema::DType::INT64, {2, 2})), InvalidInputError);
  BOOST_CHECK_THROW(MatFromTensor(MakeTensor(schema::DType::UINT8, {2, 2, 9})), InvalidInputError);
}

BOOST_AUTO_TEST_CASE(eigen_round_trip_keeps_row_major_order) {
  RowMatrix<float> m(2, 3);
  m << 1, 2, 3, 4, 5, 6;
  const schema::Tensor t = TensorFromEigen<float>(m);
  BOOST_TEST(TensorData<float>(t)[3] == 4.f);
  const auto view = EigenFromTensor<float>(t);
  BOOST_TEST((view - m).cwiseAbs().maxCoeff() == 0.f);
  BOOST_CHECK_THROW(EigenFromTensor<double>(t), InvalidInputError);
}

}  // namespace dolly
