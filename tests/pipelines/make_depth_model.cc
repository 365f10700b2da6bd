// make_depth_model OUT.pt: saves a tiny TorchScript "monocular depth network"
// for the model branch of pipelines/animate.cwl (no weights on CI). Input
// [B, 3, h, w] RGB in ImageNet-normalised floats; output [B, 1, h, w]
// relative inverse depth 0.2 + 0.01 * (red channel), always positive.
#include <iostream>

#include <torch/script.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: make_depth_model OUT.pt\n";
    return 2;
  }
  torch::jit::Module m("tiny_depth");
  m.define(
      "def forward(self, x):\n"
      "  return 0.2 + 0.01 * torch.clamp(x[:, 0:1], -3.0, 3.0)\n");
  m.save(argv[1]);
  return 0;
}
