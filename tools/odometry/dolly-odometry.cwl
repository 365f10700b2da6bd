#!/usr/bin/env cwl-runner
# dolly-odometry: camera path from frames + metric depth (+ tracks to label),
# or from the frames alone (monocular).
#   cwltool tools/odometry/dolly-odometry.cwl --input video.dolly --depth depth.dolly
#   cwltool tools/odometry/dolly-odometry.cwl --input clip.mp4 --points_name sparse.dolly
#   cwltool tools/odometry/dolly-odometry.cwl --camera cam.dolly --depth mvs.dolly \
#     --tracks tracks.dolly --labelled_tracks_name labelled.dolly
cwlVersion: v1.2
class: CommandLineTool
label: dolly-odometry
doc: |
  Estimates the camera trajectory (CameraTrajectory, world = camera of frame 0)
  of a video from its frames and a metric DepthSequence. Frames it cannot place
  are reported as lost (header parameter lost_frames and the JSON summary).
  With tracks, writes the TrackSet with a STATIC/DYNAMIC label per track.

  Without depth: monocular. The frames are streamed through a shot-cut
  detector and a monocular estimator; each shot is a segment with its own
  world (its first camera) and a motion kind (general, rotation_only,
  static: depth is observable only for general). The unit of length is the
  first baseline of each segment (scale_kind first_baseline) unless
  scale_from is METRIC depth (metric_depth), camera_height is given
  (camera_height: the camera that high above the ground plane of the sparse
  points), or both scale_from relative model depth and camera_height
  (aligned_model_depth). The focal length is refined unless fx is given.
  points_name writes the map points as a sparse DepthSequence for
  dolly-depth --align-to and --range-from.

  Label only: camera (a CameraTrajectory, e.g. the monocular one) with depth
  in its unit (same scale_kind, e.g. mvs depth made on it), tracks and
  labelled_tracks_name labels the tracks with that path - no frames read
  (leave input out), no estimation, no trajectory written. Each segment is
  labelled on its own; the path's lost frames are skipped.

  The JSON summary is named after the output: OUTPUT_NAME.summary.json, or
  LABELLED_TRACKS_NAME.summary.json in label-only mode, so that several
  odometry steps of one workflow do not collide.
requirements:
  InlineJavascriptRequirement: {}
baseCommand: dolly-odometry
arguments:
  - --quiet
  - --json
stdout: |-
  ${ return (inputs.camera ? inputs.labelled_tracks_name : inputs.output_name) + ".summary.json"; }

inputs:
  input:
    type: File?
    doc: Frames - a Video artifact or a video file (required unless camera).
    inputBinding: {prefix: --input}
  camera:
    type: File?
    doc: >-
      Label only - CameraTrajectory to label tracks with (needs depth in its unit, tracks,
      labelled_tracks_name; no input, no trajectory written).
    inputBinding: {prefix: --camera}
  depth:
    type: File?
    doc: DepthSequence with METRIC depth, same size and frame count. Absent - monocular.
    inputBinding: {prefix: --depth}
  tracks:
    type: File?
    doc: TrackSet to label STATIC/DYNAMIC (needs depth).
    inputBinding: {prefix: --tracks}
  points_name:
    type: string?
    doc: Monocular - name of the sparse DepthSequence of the map points to write.
    inputBinding: {prefix: --points}
  scale_from:
    type: File?
    doc: Monocular - DepthSequence giving the unit (METRIC; relative needs camera_height).
    inputBinding: {prefix: --scale-from}
  camera_height:
    type: double?
    doc: Monocular - camera height above the ground plane, metres.
    inputBinding: {prefix: --camera-height}
  fx:
    type: double?
    doc: Monocular - focal length in pixels (default - estimated and refined).
    inputBinding: {prefix: --fx}
  no_shot_cuts:
    type: boolean?
    doc: Monocular - treat the video as one shot.
    inputBinding: {prefix: --no-shot-cuts}
  output_name:
    type: string
    default: camera.dolly
    doc: Name of the CameraTrajectory to write (not written in label-only mode).
    inputBinding:
      prefix: --output
      valueFrom: "$(inputs.camera ? null : self)"
  labelled_tracks_name:
    type: string?
    doc: Name of the labelled TrackSet to write (needs tracks).
    inputBinding: {prefix: --labelled-tracks}
  export_tum:
    type: string?
    doc: Also write a TUM trajectory file of this name.
    inputBinding: {prefix: --export-tum}
  export_kitti:
    type: string?
    doc: Also write a KITTI pose file of this name.
    inputBinding: {prefix: --export-kitti}
  export_pac:
    type: string?
    doc: Also write a Perception-as-Control camera txt of this name.
    inputBinding: {prefix: --export-pac}
  window:
    type: int?
    doc: Max frames per keyframe window.
    inputBinding: {prefix: --window}

outputs:
  trajectory:
    type: File?
    doc: Absent in label-only mode (camera given).
    outputBinding:
      glob: "$(inputs.camera ? [] : inputs.output_name)"
  labelled_tracks:
    type: File?
    outputBinding:
      glob: $(inputs.labelled_tracks_name)
  points:
    type: File?
    outputBinding:
      glob: $(inputs.points_name)
  tum:
    type: File?
    outputBinding:
      glob: $(inputs.export_tum)
  kitti:
    type: File?
    outputBinding:
      glob: $(inputs.export_kitti)
  pac:
    type: File?
    outputBinding:
      glob: $(inputs.export_pac)
  summary:
    type: stdout
    doc: >-
      JSON summary (outputs with SHA-256, lost frames, keyframes, timings; monocular also
      segments, shot cuts, focal, scale kind, per-frame quality).
