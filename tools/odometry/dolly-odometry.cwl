#!/usr/bin/env cwl-runner
# dolly-odometry: camera path from frames + metric depth (+ tracks to label).
#   cwltool tools/odometry/dolly-odometry.cwl --input video.dolly --depth depth.dolly
cwlVersion: v1.2
class: CommandLineTool
label: dolly-odometry
doc: |
  Estimates the camera trajectory (CameraTrajectory, world = camera of frame 0)
  of a video from its frames and a metric DepthSequence. Frames it cannot place
  are reported as lost (header parameter lost_frames and the JSON summary).
  With tracks, writes the TrackSet with a STATIC/DYNAMIC label per track.
baseCommand: dolly-odometry
arguments:
  - --quiet
  - --json
stdout: odometry.summary.json

inputs:
  input:
    type: File
    doc: Frames - a Video artifact or a video file.
    inputBinding: {prefix: --input}
  depth:
    type: File
    doc: DepthSequence with METRIC depth, same size and frame count.
    inputBinding: {prefix: --depth}
  tracks:
    type: File?
    doc: TrackSet to label STATIC/DYNAMIC.
    inputBinding: {prefix: --tracks}
  output_name:
    type: string
    default: camera.dolly
    doc: Name of the CameraTrajectory to write.
    inputBinding: {prefix: --output}
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
    type: File
    outputBinding:
      glob: $(inputs.output_name)
  labelled_tracks:
    type: File?
    outputBinding:
      glob: $(inputs.labelled_tracks_name)
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
    doc: JSON summary (outputs with SHA-256, lost frames, keyframes, timings).
