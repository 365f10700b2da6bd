#define BOOST_TEST_MODULE torch_bridge
#include <boost/test/unit_test.hpp>
#include <torch/torch.h>

#include "libs/core/error.h"
#include "libs/tensor/tensor.h"
#include "libs/torch_bridge/torch_bridge.h"

namespace dolly {

BOOST_AUTO_TEST_CASE(float_round_trip_keeps_shape_and_values) {
  std::vector<float> values = {0.f, 1.5f, -2.f, 3.25f, 4.f, 5.f};
  const schema::Tensor t = MakeTensor<float>({2, 3}, values.data());
  const at::Tensor torch_tensor = TorchFromTensor(t);
  BOOST_TEST(torch_tensor.sizes().vec() == std::vector<int64_t>({2, 3}));
  BOOST_TEST(torch_tensor[1][0].item<float>() == 3.25f);
  const schema::Tensor back = TensorFromTorch(torch_tensor);
  BOOST_TEST(back.dtype == schema::DType::FLOAT32);
  BOOST_TEST(back.data == t.data);
}

BOOST_AUTO_TEST_CASE(non_contiguous_torch_tensor_is_packed) {
  const at::Tensor base = torch::arange(6, torch::kLong).reshape({2, 3});
  const schema::Tensor t = TensorFromTorch(base.t());
  BOOST_TEST(t.shape == std::vector<int64_t>({3, 2}));
  const int64_t* p = TensorData<int64_t>(t);
  BOOST_TEST(p[0] == 0);
  BOOST_TEST(p[1] == 3);
  BOOST_TEST(p[2] == 1);
}

BOOST_AUTO_TEST_CASE(uint16_widens_to_int32) {
  std::vector<uint16_t> values = {0, 65535, 7};
  const at::Tensor out = TorchFromTensor(MakeTensor(values));
  BOOST_TEST(out.scalar_type() == at::kInt);
  BOOST_TEST(out[1].item<int32_t>() == 65535);
}

BOOST_AUTO_TEST_CASE(unsupported_and_malformed_inputs_are_rejected) {
  BOOST_CHECK_THROW(TensorFromTorch(torch::zeros({2}, torch::kBool)), InvalidInputError);
  schema::Tensor bad = MakeTensor<float>({2, 2}, nullptr);
  bad.data.resize(3);
  BOOST_CHECK_THROW(TorchFromTensor(bad), InvalidInputError);
}

}  // namespace dolly
