// Where tracks start: query points (frame, x, y) from a grid, a mask image or
// a file (CSV "t,x,y" lines or PoseTraj track JSON).
#ifndef DOLLY_LIBS_TRACK_QUERY_POINTS_H_
#define DOLLY_LIBS_TRACK_QUERY_POINTS_H_

#include <cstdint>
#include <string>
#include <vector>

namespace dolly::track {

struct QueryPoint {
  int64_t frame = 0;  // the frame the point is given in
  float x = 0.0f;     // pixels, OpenCV convention ((0,0) = centre of the top-left pixel)
  float y = 0.0f;
};

// A regular grid of about `count` points (cols x rows with cols/rows close to
// width/height) in frame 0, each at the centre of its cell.
std::vector<QueryPoint> GridQueries(int width, int height, int count);

// Points every `stride` pixels in frame 0, starting at stride/2 so that the
// grid is centred.
std::vector<QueryPoint> StrideQueries(int width, int height, int stride);

// Every `stride`-th pixel (in x and y) where the mask image is non-zero, in
// frame 0. Throws InvalidInputError naming `path` when the mask size is not
// width x height.
std::vector<QueryPoint> MaskQueries(const std::string& path, int width, int height, int stride);

// Reads queries from a file: ".json" is PoseTraj track JSON (the first point
// of each track, in frame 0); anything else is CSV with one "t,x,y" per line
// (an optional header line starting with a letter, '#' comments). Throws
// IoError when unreadable, InvalidInputError naming the file and line on bad
// content.
std::vector<QueryPoint> ReadQueryFile(const std::string& path);

// Throws InvalidInputError("<what>: ...") when a query lies outside the
// frames [0, frame_count) or outside the image footprint.
void CheckQueries(const std::vector<QueryPoint>& queries, int64_t frame_count, int width,
                  int height, const std::string& what);

}  // namespace dolly::track

#endif  // DOLLY_LIBS_TRACK_QUERY_POINTS_H_
