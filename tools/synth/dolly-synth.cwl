#!/usr/bin/env cwl-runner
# dolly-synth: render a procedural scene (recipe file or preset) into a video
# with ground truth for every stage. See libs/synth/README.md for recipes and
# the output layout.
#   cwltool tools/synth/dolly-synth.cwl --scene testdata/scenes/orbit_boxes.json
cwlVersion: v1.2
class: CommandLineTool
label: dolly-synth
doc: |
  Renders a scene recipe into <output_name>/: video.mp4, frames/*.png,
  masks/*.png, video.dolly, depth.dolly, camera.dolly, tracks.dolly, scene.dolly,
  mesh.dolly and recipe.json (rig mode: view_NN/ per camera, mesh.dolly and
  recipe.json at the top). Give either `scene` (a recipe file) or `preset`.
baseCommand: dolly-synth
arguments:
  - --quiet
  - --json
stdout: summary.json

inputs:
  scene:
    type: File?
    doc: Scene recipe (JSON).
    inputBinding: {prefix: --scene}
  preset:
    type: string?
    doc: >-
      Name of a built-in recipe (orbit_boxes, posetraj_halfcircle, posetraj_scurve,
      bending_cylinder, dolly_in, pan_sweep, tilt_up, rig_asset, rig_hinge), instead of `scene`.
    inputBinding: {prefix: --scene}
  output_name:
    type: string
    default: synth
    doc: Name of the output directory.
    inputBinding: {prefix: --output}
  seed:
    type: int?
    doc: Random seed (same seed, same bytes). Default 0.
    inputBinding: {prefix: --seed}
  frames:
    type: int?
    inputBinding: {prefix: --frames}
  width:
    type: int?
    inputBinding: {prefix: --width}
  height:
    type: int?
    inputBinding: {prefix: --height}
  fps:
    type: double?
    inputBinding: {prefix: --fps}
  tracks:
    type: int?
    doc: Number of ground-truth point tracks.
    inputBinding: {prefix: --tracks}
  views:
    type: int?
    doc: Multi-view rig mode with this many cameras.
    inputBinding: {prefix: --views}
  no_mp4:
    type: boolean?
    doc: Skip video.mp4.
    inputBinding: {prefix: --no-mp4}
  no_png:
    type: boolean?
    doc: Skip frames/*.png and masks/*.png.
    inputBinding: {prefix: --no-png}

outputs:
  output_dir:
    type: Directory
    doc: The rendered scene and its ground truth.
    outputBinding:
      glob: $(inputs.output_name)
  summary:
    type: File
    doc: The tool's --json summary (outputs with SHA-256, timings, seed).
    outputBinding:
      glob: summary.json
