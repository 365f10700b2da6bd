#!/usr/bin/env cwl-runner
# dolly-depth: per-frame z-depth as a DepthSequence artifact.
#   cwltool tools/depth/dolly-depth.cwl --input_dir depth_pngs/ --scale 0.001 --output_name depth.dolly
#   cwltool tools/depth/dolly-depth.cwl --backend stereo --input left.png --right right.png \
#     --baseline 0.12 --fx 700 --output_name depth.dolly
cwlVersion: v1.2
class: CommandLineTool
label: dolly-depth
doc: |
  Import depth files (16-bit PNG, NPY, PFM), run a TorchScript monocular depth
  network, match a rectified stereo pair (SGBM with a left-right check), sweep
  planes over a video with known poses (mvs; monocular poses too: each shot on
  its own, refused with one line where the camera only rotates or stands
  still), or apply a ground-plane prior;
  writes a DepthSequence (z-depth per frame, 0 = unknown). A one-object JSON
  summary goes to the captured stdout.
baseCommand: dolly-depth
arguments:
  - --quiet
  - --json
stdout: $(inputs.output_name).summary.json

inputs:
  backend:
    type:
      - "null"
      - type: enum
        symbols: [import, model, stereo, mvs, planar]
    doc: Which estimator to run (default import).
    inputBinding: {prefix: --backend}
  input:
    type: File?
    doc: |
      Depth file or DepthSequence artifact (import), image/video/Video artifact (model, mvs, planar), left
      view (stereo). Give this or input_dir.
    inputBinding: {prefix: --input}
  input_dir:
    type: Directory?
    doc: A directory of depth files (import) or frames (model, mvs, planar, stereo left).
    inputBinding: {prefix: --input}
  right:
    type: File?
    doc: stereo - the right view (image, video or Video artifact).
    inputBinding: {prefix: --right}
  right_dir:
    type: Directory?
    doc: stereo - the right view as a frame directory.
    inputBinding: {prefix: --right}
  output_name:
    type: string
    default: depth.dolly
    doc: File name of the DepthSequence to write.
    inputBinding: {prefix: --output}
  kind:
    type:
      - "null"
      - type: enum
        symbols: [metric, relative, relative-inverse]
    doc: What the values are.
    inputBinding: {prefix: --kind}
  scale:
    type: double?
    doc: import - value -> scale * value + shift.
    inputBinding: {prefix: --scale}
  shift:
    type: double?
    doc: import - value -> scale * value + shift.
    inputBinding: {prefix: --shift}
  invert:
    type: boolean?
    doc: import - then 1 / value (disparity or inverse depth to depth).
    inputBinding: {prefix: --invert}
  fps:
    type: double?
    inputBinding: {prefix: --fps}
  fx:
    type: double?
    doc: Focal length in pixels.
    inputBinding: {prefix: --fx}
  fy:
    type: double?
    inputBinding: {prefix: --fy}
  cx:
    type: double?
    inputBinding: {prefix: --cx}
  cy:
    type: double?
    inputBinding: {prefix: --cy}
  align_to:
    type: File?
    doc: |
      import/model - sparse metric DepthSequence to fit scale/shift to, per frame
      (e.g. dolly-odometry's points; the output is in its unit and keeps its scale_kind).
    inputBinding: {prefix: --align-to}
  model:
    type: File?
    doc: model - TorchScript file; its description JSON (same stem) travels with it.
    secondaryFiles:
      - pattern: ^.json
        required: false
    inputBinding: {prefix: --model}
  input_size:
    type: int?
    inputBinding: {prefix: --input-size}
  batch:
    type: int?
    inputBinding: {prefix: --batch}
  device:
    type:
      - "null"
      - type: enum
        symbols: [cpu, cuda]
    inputBinding: {prefix: --device}
  baseline:
    type: double?
    doc: stereo - baseline in metres.
    inputBinding: {prefix: --baseline}
  num_disparities:
    type: int?
    inputBinding: {prefix: --num-disparities}
  poses:
    type: File?
    doc: mvs - CameraTrajectory of the video (world_from_camera per frame, intrinsics).
    inputBinding: {prefix: --poses}
  min_depth:
    type: double?
    doc: mvs - nearest plane in the unit of the poses (default 0.5).
    inputBinding: {prefix: --min-depth}
  max_depth:
    type: double?
    doc: mvs - farthest plane in the unit of the poses (default 50).
    inputBinding: {prefix: --max-depth}
  range_from:
    type: File?
    doc: |
      mvs - sparse points in the poses' unit (dolly-odometry's points): each segment's
      depth range from their robust percentiles, instead of min_depth/max_depth.
    inputBinding: {prefix: --range-from}
  planes:
    type: int?
    inputBinding: {prefix: --planes}
  neighbours:
    type: int?
    inputBinding: {prefix: --neighbours}
  horizon_row:
    type: double?
    doc: planar - image row of the horizon.
    inputBinding: {prefix: --horizon-row}
  camera_height:
    type: double?
    doc: planar - camera height above the ground in metres.
    inputBinding: {prefix: --camera-height}

outputs:
  depth:
    type: File
    doc: The DepthSequence.
    outputBinding:
      glob: $(inputs.output_name)
  summary:
    type: stdout
    doc: The --json summary (outputs with SHA-256, frames, kind, valid fraction, timings).
