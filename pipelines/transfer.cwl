#!/usr/bin/env cwl-runner
# Transfer the motion of a driving video: its depth, point tracks
# (dolly-track), the camera path with every track labelled static or dynamic
# (dolly-odometry), the motion representation of the driving clip
# (dolly-motion, driving-video mode; optionally a new camera path), the
# control signals and their previews (dolly-render), then the video
# (dolly-sample; backend preview, the default, needs no model weights).
# A video alone is enough: without depth, the camera path comes from the
# frames (monocular odometry) and the depth from the camera's motion (mvs).
#   cwltool --no-container --outdir out pipelines/transfer.cwl --video clip.mp4
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

  video is a Video artifact (.dolly) or a video file (MP4, ...). Where its
  depth comes from, by what is given:

  - Nothing (the video alone): dolly-track on the frames, monocular
    dolly-odometry (no depth: the camera path in the unit of its first
    baseline, shots found and each its own segment, the triangulated map as
    sparse points), then dolly-depth --backend mvs on those poses with the
    depth range from the sparse points (--range-from), so the depth is in the
    camera path's unit. The tracks are labelled static or dynamic by
    dolly-odometry --camera: the monocular path as it is (its lost frames
    skipped, each shot on its own) with that depth, nothing re-estimated;
    the camera path of the motion is the monocular one.
    If the camera stands still, only rotates, or translates too little for
    parallax, depth cannot come from its motion: the mvs step stops with one
    line that names what to add - a depth model (depth_model) or a depth
    file (depth, depth_dir). A clip with shot cuts gets depth for every shot,
    but the motion step takes one shot: cut the clip at the cuts the
    odometry reports (dolly-motion stops with one line naming them).
  - depth, a DepthSequence artifact (e.g. dolly-synth's depth.dolly, copied
    frame by frame, intrinsics kept) or a single depth file, or depth_dir, a
    directory of per-frame 16-bit PNG / NPY / PFM maps (then give
    depth_scale, e.g. 0.001 for millimetres, and fx): `dolly-depth --backend
    import`, then odometry with that depth. Give one of the two. Odometry
    needs METRIC depth. Importing always (rather than passing an artifact
    straight to the later steps) keeps one place where depth enters, records
    the conversion in the artifact header, and checks every frame.
  - depth_model (no depth file): a TorchScript monocular network whose
    description JSON (same stem) says its output is metric (e.g. a metric
    Depth-Anything-V2 export): `dolly-depth --backend model` (give fx: a
    network gives no focal length), then odometry with that depth. A relative network's depth can be made consistent with
    the monocular path outside the pipeline: dolly-odometry --points, then
    dolly-depth --backend model --align-to those points.

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
  depth_model:
    type: File?
    doc: Its depth from a metric TorchScript depth network (description JSON beside it, same stem).
    secondaryFiles:
      - pattern: ^.json
        required: false
  fx:
    type: double?
    doc: |
      Focal length in pixels (needed for depth files; an artifact carries its intrinsics;
      without depth, the monocular odometry estimates it when not given).
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
    doc: The depth used - imported, from the depth model, or mvs on the monocular camera path.
    outputSource: [import_depth/depth, model_depth/depth, mvs_depth/depth]
    pickValue: first_non_null
  sparse_points:
    type: File?
    doc: Video alone - the monocular odometry's map points (sparse DepthSequence).
    outputSource: mono_odometry/points
  tracks:
    type: File
    outputSource: track/tracks
  camera:
    type: File
    doc: The driving camera path - monocular for the video alone, else from the given depth.
    outputSource: [mono_odometry/trajectory, odometry/trajectory]
    pickValue: first_non_null
  labelled_tracks:
    type: File
    outputSource: [odometry/labelled_tracks, label_tracks/labelled_tracks]
    pickValue: first_non_null
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
    doc: The --json summaries of the steps that ran (dolly-depth, dolly-track, dolly-odometry,
      dolly-motion, dolly-render, dolly-sample).
    outputSource: [import_depth/summary, model_depth/summary, track/summary,
                   mono_odometry/summary, mvs_depth/summary, odometry/summary,
                   label_tracks/summary, transfer_motion/summary, render/summary,
                   sample/summary]
    linkMerge: merge_flattened
    pickValue: all_non_null

steps:
  # Depth given: a file (import) or a metric network (model).
  import_depth:
    run: ../tools/depth/dolly-depth.cwl
    when: $(inputs.input !== null || inputs.input_dir !== null)
    in:
      input: depth
      input_dir: depth_dir
      backend: {default: import}
      scale: depth_scale
      shift: depth_shift
      fx: fx
      output_name: {default: depth.dolly}
    out: [depth, summary]

  model_depth:
    run: ../tools/depth/dolly-depth.cwl
    when: $(inputs.model !== null && inputs.depth_file === null && inputs.depth_files === null)
    in:
      input: video
      model: depth_model
      depth_file: depth
      depth_files: depth_dir
      backend: {default: model}
      fx: fx
      output_name: {default: depth.dolly}
    out: [depth, summary]

  track:
    run: ../tools/track/dolly-track.cwl
    in:
      video: video
      depth:
        source: [import_depth/depth, model_depth/depth]
        linkMerge: merge_flattened
        pickValue: all_non_null
        valueFrom: "$(self.length > 0 ? self[0] : null)"
      grid: grid
      output_name: {default: tracks.dolly}
    out: [tracks, summary]

  # The video alone: the camera path from the frames, then depth from it.
  mono_odometry:
    run: ../tools/odometry/dolly-odometry.cwl
    when: $(inputs.given_depth.length == 0)
    in:
      input: video
      given_depth:
        source: [import_depth/depth, model_depth/depth]
        linkMerge: merge_flattened
        pickValue: all_non_null
      fx: fx
      output_name: {default: camera.dolly}
      points_name: {default: sparse.dolly}
    out: [trajectory, points, summary]

  mvs_depth:
    run: ../tools/depth/dolly-depth.cwl
    when: $(inputs.poses !== null)
    in:
      input: video
      poses: mono_odometry/trajectory
      range_from: mono_odometry/points
      backend: {default: mvs}
      output_name: {default: depth.dolly}
    out: [depth, summary]

  # With the given depth: the camera path and the labels.
  odometry:
    run: ../tools/odometry/dolly-odometry.cwl
    when: $(inputs.depth !== null)
    in:
      input: video
      depth:
        source: [import_depth/depth, model_depth/depth]
        linkMerge: merge_flattened
        pickValue: all_non_null
        valueFrom: "$(self.length > 0 ? self[0] : null)"
      tracks: track/tracks
      output_name: {default: camera.dolly}
      labelled_tracks_name: {default: labelled_tracks.dolly}
    out: [trajectory, labelled_tracks, summary]

  # With mvs depth: the labels only, with the monocular camera path as it
  # is (dolly-odometry --camera: no re-estimation, which noisy mvs depth
  # would make lose frames; the depth is in the path's unit).
  label_tracks:
    run: ../tools/odometry/dolly-odometry.cwl
    when: $(inputs.depth !== null)
    in:
      camera: mono_odometry/trajectory
      depth: mvs_depth/depth
      tracks: track/tracks
      labelled_tracks_name: {default: labelled_tracks.dolly}
    out: [labelled_tracks, summary]

  transfer_motion:
    run: ../tools/motion/dolly-motion.cwl
    in:
      tracks:
        source: [odometry/labelled_tracks, label_tracks/labelled_tracks]
        pickValue: first_non_null
      depth:
        source: [import_depth/depth, model_depth/depth, mvs_depth/depth]
        pickValue: first_non_null
      camera:
        source: [mono_odometry/trajectory, odometry/trajectory]
        pickValue: first_non_null
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
