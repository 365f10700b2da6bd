#!/usr/bin/env cwl-runner
# dolly-track: track points through a video (pyramidal Lucas-Kanade with a
# forward-backward check) into a TrackSet, optionally lifted to 3D.
#   cwltool tools/track/dolly-track.cwl --video out/video.dolly --grid 512 --depth out/depth.dolly
cwlVersion: v1.2
class: CommandLineTool
label: dolly-track
doc: |
  Tracks query points (a grid, a stride, a mask or a file of t,x,y / PoseTraj
  JSON) through a video (Video artifact, video file or frame directory) and
  writes a TrackSet: per frame positions, visibility and confidence. By
  default each point's query-frame patch is aligned (affinely, with gain and
  offset) to every frame; a camera-motion prior carries hidden points and
  restarts LK after a sudden pan. With depth,
  points_world holds 3D points in each frame's own camera frame, or in the
  world frame of the camera trajectory when one is given. With model, a
  TorchScript point tracker replaces Lucas-Kanade (run in overlapping windows).
baseCommand: dolly-track
arguments:
  - --quiet
  - --json
  - {prefix: --output, valueFrom: $(inputs.output_name)}
stdout: dolly-track.summary.json

inputs:
  video:
    type: File
    doc: Video artifact (.dolly) or video file.
    inputBinding: {prefix: --input}
  output_name:
    type: string
    default: tracks.dolly
    doc: File name of the TrackSet.
  grid:
    type: int?
    doc: Query a regular grid of about N points in frame 0 (default 1024).
    inputBinding: {prefix: --grid}
  stride:
    type: int?
    doc: Query every S-th pixel (of the mask, with mask).
    inputBinding: {prefix: --stride}
  queries:
    type: File?
    doc: Query points, CSV t,x,y per line or PoseTraj JSON (.json).
    inputBinding: {prefix: --queries}
  mask:
    type: File?
    doc: Query every non-zero pixel of this image.
    inputBinding: {prefix: --mask}
  depth:
    type: File?
    doc: DepthSequence to lift the tracks to 3D.
    inputBinding: {prefix: --depth}
  camera:
    type: File?
    doc: CameraTrajectory; with depth, points_world is in its world frame.
    inputBinding: {prefix: --camera}
  window:
    type: int?
    inputBinding: {prefix: --window}
  levels:
    type: int?
    inputBinding: {prefix: --levels}
  fb_threshold:
    type: float?
    inputBinding: {prefix: --fb-threshold}
  max_patch_error:
    type: float?
    inputBinding: {prefix: --max-patch-error}
  affine_radius:
    type: int?
    doc: Query-anchored alignment patch radius (default 5); 0 = chained LK.
    inputBinding: {prefix: --affine-radius}
  affine_tolerance:
    type: float?
    inputBinding: {prefix: --affine-tolerance}
  occlusion_error:
    type: float?
    inputBinding: {prefix: --occlusion-error}
  neighbours:
    type: int?
    inputBinding: {prefix: --neighbours}
  no_lk_fallback:
    type: boolean?
    inputBinding: {prefix: --no-lk-fallback}
  no_global_motion:
    type: boolean?
    doc: No camera-motion prior (homography of the aligned points, phase-correlation restart after a sudden pan).
    inputBinding: {prefix: --no-global-motion}
  jump_share:
    type: float?
    doc: Share of visible points failing to align in one step above which LK restarts them from the whole-image translation (default 0.3).
    inputBinding: {prefix: --jump-share}
  no_gain:
    type: boolean?
    doc: Fit a brightness offset only, no gain, in the alignment.
    inputBinding: {prefix: --no-gain}
  refine_window:
    type: int?
    inputBinding: {prefix: --refine-window}
  realign_every:
    type: int?
    inputBinding: {prefix: --realign-every}
  fb_levels:
    type: int?
    inputBinding: {prefix: --fb-levels}
  no_reacquire:
    type: boolean?
    inputBinding: {prefix: --no-reacquire}
  model:
    type: File?
    doc: TorchScript point tracker (CoTracker-like contract) used instead of LK.
    inputBinding: {prefix: --model}
  model_window:
    type: int?
    doc: Frames per model window (default 16); windows overlap by half.
    inputBinding: {prefix: --model-window}
  posetraj_json_name:
    type: string?
    doc: Also export the 2D tracks as PoseTraj JSON under this name.
    inputBinding: {prefix: --posetraj-json}

outputs:
  tracks:
    type: File
    outputBinding:
      glob: $(inputs.output_name)
  posetraj_json:
    type: File?
    outputBinding:
      glob: $(inputs.posetraj_json_name)
  summary:
    type: stdout
