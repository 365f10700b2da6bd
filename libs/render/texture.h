// Texture lookup for the rasterizer.
#ifndef DOLLY_LIBS_RENDER_TEXTURE_H_
#define DOLLY_LIBS_RENDER_TEXTURE_H_

#include <Eigen/Core>
#include <opencv2/core.hpp>

namespace dolly::render {

// Bilinear sample of a CV_8UC3 texture at uv, channels returned in the
// image's order as values in [0, 255]. (0,0) is the top-left corner of the
// image and (1,1) the bottom-right corner, so texel (i, j) has its centre at
// ((i + 0.5) / width, (j + 0.5) / height); the texture repeats in u and v.
Eigen::Vector3d SampleBilinear(const cv::Mat& texture, double u, double v);

}  // namespace dolly::render

#endif  // DOLLY_LIBS_RENDER_TEXTURE_H_
