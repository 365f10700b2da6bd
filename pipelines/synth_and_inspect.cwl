#!/usr/bin/env cwl-runner
# The main job until the animate pipeline exists: render a synthetic scene with
# its ground truth, then export previews of what it wrote.
#   cwltool pipelines/synth_and_inspect.cwl --scene testdata/scenes/orbit_boxes.json
cwlVersion: v1.2
class: Workflow
requirements:
  StepInputExpressionRequirement: {}
  InlineJavascriptRequirement: {}

inputs:
  scene:
    type: File
    doc: Scene recipe (JSON), e.g. testdata/scenes/orbit_boxes.json.
  seed:
    type: int
    default: 1

outputs:
  scene_dir:
    type: Directory
    outputSource: synth/output_dir
  depth_preview:
    type: Directory?
    outputSource: inspect_depth/export_dir
  tracks_preview:
    type: Directory?
    outputSource: inspect_tracks/export_dir
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

  inspect_depth:
    run: ../tools/inspect/dolly-inspect.cwl
    in:
      artifact:
        source: synth/output_dir
        valueFrom: '$({"class": "File", "location": self.location + "/depth.dolly"})'
      export_name: {default: depth_preview}
    out: [export_dir]

  inspect_tracks:
    run: ../tools/inspect/dolly-inspect.cwl
    in:
      artifact:
        source: synth/output_dir
        valueFrom: '$({"class": "File", "location": self.location + "/tracks.dolly"})'
      video:
        source: synth/output_dir
        valueFrom: '$({"class": "File", "location": self.location + "/video.dolly"})'
      export_name: {default: tracks_preview}
    out: [export_dir]

  inspect_camera:
    run: ../tools/inspect/dolly-inspect.cwl
    in:
      artifact:
        source: synth/output_dir
        valueFrom: '$({"class": "File", "location": self.location + "/camera.dolly"})'
      export_name: {default: camera_preview}
    out: [export_dir]
