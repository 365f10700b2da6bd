#!/usr/bin/env cwl-runner
# Perception on a rendered scene: track points through the video, estimate
# the camera path from the video and its depth while labelling the tracks
# static or dynamic, then plot the path.
#   cwltool --no-container pipelines/perceive.cwl --scene testdata/scenes/orbit_boxes.json
# (with the dolly tools on PATH). The scene's ground-truth depth stands in for
# dolly-depth here, so that the pipeline measures tracking and odometry.
cwlVersion: v1.2
class: Workflow
requirements:
  StepInputExpressionRequirement: {}
  InlineJavascriptRequirement: {}

inputs:
  scene:
    type: File
  seed:
    type: int
    default: 1
  grid:
    type: int
    default: 256

outputs:
  scene_dir:
    type: Directory
    outputSource: synth/output_dir
  tracks:
    type: File
    outputSource: track/tracks
  camera:
    type: File
    outputSource: odometry/trajectory
  labelled_tracks:
    type: File?
    outputSource: odometry/labelled_tracks
  camera_tum:
    type: File?
    outputSource: odometry/tum
  camera_preview:
    type: Directory?
    outputSource: inspect_camera/export_dir

steps:
  synth:
    run: ../tools/synth/dolly-synth.cwl
    in:
      scene: scene
      seed: seed
    out: [output_dir]

  track:
    run: ../tools/track/dolly-track.cwl
    in:
      video:
        source: synth/output_dir
        valueFrom: '$({"class": "File", "location": self.location + "/video.dolly"})'
      depth:
        source: synth/output_dir
        valueFrom: '$({"class": "File", "location": self.location + "/depth.dolly"})'
      grid: grid
      output_name: {default: tracks.dolly}
    out: [tracks]

  odometry:
    run: ../tools/odometry/dolly-odometry.cwl
    in:
      input:
        source: synth/output_dir
        valueFrom: '$({"class": "File", "location": self.location + "/video.dolly"})'
      depth:
        source: synth/output_dir
        valueFrom: '$({"class": "File", "location": self.location + "/depth.dolly"})'
      tracks: track/tracks
      output_name: {default: camera.dolly}
      labelled_tracks_name: {default: labelled_tracks.dolly}
      export_tum: {default: camera.tum}
    out: [trajectory, labelled_tracks, tum]

  inspect_camera:
    run: ../tools/inspect/dolly-inspect.cwl
    in:
      artifact: odometry/trajectory
      export_name: {default: camera_preview}
    out: [export_dir]
