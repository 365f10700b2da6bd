#!/usr/bin/env cwl-runner
# Transfer the motion of a driving video: its depth (dolly-depth), point
# tracks (dolly-track), the camera path with every track labelled static or
# dynamic (dolly-odometry), the motion representation of the driving clip
# (dolly-motion, driving-video mode; optionally a new camera path), the
# control signals and their previews (dolly-render), then the video
# (dolly-sample; backend preview, the default, needs no model weights).
#   cwltool --no-container --outdir out pipelines/transfer.cwl \
#     --video drive/video.dolly --depth drive/depth.dolly
# (with the dolly tools on PATH; see pipelines/README.md).
cwlVersion: v1.2
class: Workflow
label: transfer
doc: |
  Driving video -> DepthSequence -> TrackSet -> CameraTrajectory + labelled
  tracks -> MotionRepresentation -> ControlSignals with PNG/MP4 previews ->
  the generated video (Video artifact, MP4 and PNG frames).

  video is a Video artifact (.dolly) or a video file (MP4, ...).

  Depth without model weights: the depth step is `dolly-depth --backend import`
  on what the user has - `depth`, a DepthSequence artifact (e.g. dolly-synth's
  depth.dolly, copied frame by frame, intrinsics kept) or a single depth file,
  or `depth_dir`, a directory of per-frame 16-bit PNG / NPY / PFM maps (then
  give depth_scale, e.g. 0.001 for millimetres, and fx). Give one of the two.
  Odometry needs METRIC depth. Importing always (rather than passing an
  artifact straight to the later steps) keeps one place where depth enters,
  records the conversion in the artifact header, and checks every frame.
  A monocular network's depth (dolly-depth --backend model) is relative, not
  metric: to use one, replace this step by dolly-depth.cwl with backend
  model, model and align_to (a sparse metric DepthSequence, e.g. from SfM) so
  that its output is metric.

  camera_intentions (optional): an intentions file with only a camera part
  (frames must equal the clip's); its camera path replaces the driving
  camera's, so the same motion is seen from a new viewpoint.

  reference_image + reference_depth (optional, together): retarget the
  driving motion onto another image (dolly-motion --reference-image
  --reference-depth); reference_depth is a DepthSequence artifact, e.g. the
  depth output of animate.cwl or `dolly-depth --backend import` of a PNG.

  The motion step runs dolly-motion in driving-video mode (tracks, depth,
  camera, video and the optional camera intentions).

  The last step, dolly-sample, runs `backend` (default preview: the video is
  the warp preview, no model weights needed; it needs a warp preview, which
  the driving video's frame 0 or reference_image provides); backend model
  takes `bundle`, the directory of a model bundle (bundle.json and the
  TorchScript modules it names), `seed` and a reference image:
  reference_image.
requirements:
  InlineJavascriptRequirement: {}
  MultipleInputFeatureRequirement: {}
  StepInputExpressionRequirement: {}

inputs:
  video:
    type: File
    doc: Driving video - Video artifact or video file.
  depth:
    type: File?
    doc: Its depth - a DepthSequence artifact or a single depth file.
  depth_dir:
    type: Directory?
    doc: Its depth - a directory of per-frame depth files (16-bit PNG, NPY, PFM).
  depth_scale:
    type: double
    default: 1.0
    doc: Imported value -> value * depth_scale + depth_shift (0.001 for millimetre PNGs).
  depth_shift:
    type: double
    default: 0.0
  fx:
    type: double?
    doc: Focal length in pixels (needed for depth files; an artifact carries its intrinsics).
  grid:
    type: int
    default: 256
    doc: About this many tracked points, on a grid in frame 0.
  camera_intentions:
    type: File?
    doc: Intentions JSON with only a camera part - a new camera path.
  reference_image:
    type: File?
    doc: Retarget the driving motion onto this image (with reference_depth).
  reference_depth:
    type: File?
    doc: DepthSequence artifact of reference_image (frame 0 used; e.g. animate.cwl's depth output).
  object_map:
    type:
      - "null"
      - type: enum
        symbols: [pac, spheres]
    doc: Object map style (default pac discs).
  camera_map:
    type:
      - "null"
      - type: enum
        symbols: [pac, intrinsics]
    doc: Camera map camera (default pac; with a bundle, what the bundle declares).
  trajectory_map:
    type:
      - "null"
      - type: enum
        symbols: [dolly, posetraj]
    doc: Trajectory map style (default dolly; with a bundle, what the bundle declares).
  backend:
    type:
      type: enum
      symbols: [model, preview]
    default: preview
    doc: dolly-sample's generator (preview = the warp preview, no model; model needs bundle).
  bundle:
    type: Directory?
    doc: dolly-sample's model bundle - a directory with bundle.json and the modules it names.
  seed:
    type: long?
    doc: dolly-sample's seed (default a fresh one, in its summary).

outputs:
  depth_sequence:
    type: File
    outputSource: import_depth/depth
  tracks:
    type: File
    outputSource: track/tracks
  camera:
    type: File
    outputSource: odometry/trajectory
  labelled_tracks:
    type: File
    outputSource: odometry/labelled_tracks
  motion:
    type: File
    outputSource: transfer_motion/motion
  controls:
    type: File
    outputSource: render/controls
  previews:
    type: Directory?
    outputSource: render/previews
  warp_preview:
    type: File?
    doc: Only when the motion representation carries a reference image (frame 0 of the video).
    outputSource: preview_files/warp_preview
  object_map_mp4:
    type: File?
    outputSource: preview_files/object_map
  camera_map_mp4:
    type: File?
    outputSource: preview_files/camera_map
  trajectory_map_mp4:
    type: File?
    outputSource: preview_files/trajectory_map
  video:
    type: File
    doc: The generated video, a Video artifact (dolly-sample).
    outputSource: sample/video
  video_mp4:
    type: File
    doc: The generated video as an MP4.
    outputSource: sample/mp4
  video_frames:
    type: Directory?
    doc: The generated video's frames, NNNNNN.png.
    outputSource: sample/frames
  summaries:
    type: File[]
    doc: The --json summaries of dolly-depth, dolly-track, dolly-odometry, dolly-motion,
      dolly-render, dolly-sample.
    outputSource: [import_depth/summary, track/summary, odometry/summary, transfer_motion/summary,
                   render/summary, sample/summary]
    linkMerge: merge_flattened

steps:
  import_depth:
    run: ../tools/depth/dolly-depth.cwl
    in:
      input: depth
      input_dir: depth_dir
      backend: {default: import}
      scale: depth_scale
      shift: depth_shift
      fx: fx
      output_name: {default: depth.dolly}
    out: [depth, summary]

  track:
    run: ../tools/track/dolly-track.cwl
    in:
      video: video
      depth: import_depth/depth
      grid: grid
      output_name: {default: tracks.dolly}
    out: [tracks, summary]

  odometry:
    run: ../tools/odometry/dolly-odometry.cwl
    in:
      input: video
      depth: import_depth/depth
      tracks: track/tracks
      output_name: {default: camera.dolly}
      labelled_tracks_name: {default: labelled_tracks.dolly}
    out: [trajectory, labelled_tracks, summary]

  transfer_motion:
    run: ../tools/motion/dolly-motion.cwl
    in:
      tracks: odometry/labelled_tracks
      depth: import_depth/depth
      camera: odometry/trajectory
      video: video
      intentions: camera_intentions
      reference_image: reference_image
      reference_depth: reference_depth
      output_name: {default: motion.dolly}
    out: [motion, summary]

  render:
    run: ../tools/render/dolly-render.cwl
    in:
      input: transfer_motion/motion
      output_name: {default: controls.dolly}
      previews_name: {default: previews}
      object_map: object_map
      camera_map: camera_map
      trajectory_map: trajectory_map
      bundle: bundle
    out: [controls, previews, summary]

  preview_files:
    run: preview_files.cwl
    in:
      previews: render/previews
    out: [warp_preview, object_map, camera_map, trajectory_map]

  sample:
    run: ../tools/sample/dolly-sample.cwl
    in:
      controls: render/controls
      image: reference_image
      bundle: bundle
      backend: backend
      seed: seed
      output_name: {default: video.dolly}
      mp4_name: {default: video.mp4}
      frames_name: {default: frames}
    out: [video, mp4, frames, summary]
