#!/usr/bin/env cwl-runner
# dolly-render --asset: a static OBJ/PLY mesh rendered from the multi-view rig
# into the conditioning views a multi-view video model needs.
# dolly-render.cwl is the MotionRepresentation mode of the same binary.
#   cwltool tools/render/dolly-render-asset.cwl --asset model.obj
cwlVersion: v1.2
class: CommandLineTool
label: dolly-render (asset mode)
doc: |
  Normalises the asset into the unit cube (unless no_normalize), checks that
  every rig view sees it and writes <output_name>/: view_NN/rgb.png,
  view_NN/mask.png, view_NN/depth_mm.png (16-bit, millimetres, 0 off the
  asset) per view, cameras.json (intrinsics, world_from_camera, the
  normalisation) and views.png (the views side by side).
requirements:
  InlineJavascriptRequirement: {}
  InitialWorkDirRequirement:
    # An OBJ's .mtl and texture are resolved next to it: stage them together.
    listing:
      - $(inputs.asset)
      - $(inputs.extra_files)
baseCommand: dolly-render
arguments:
  - --quiet
  - --json
  - prefix: --asset
    valueFrom: $(inputs.asset.basename)
stdout: render_asset.summary.json

inputs:
  asset:
    type: File
    doc: The mesh (.obj or .ply).
  extra_files:
    type: File[]?
    doc: Files the OBJ refers to by name (its .mtl and texture image).
  output_name:
    type: string
    default: asset_views
    doc: Name of the output directory.
    inputBinding: {prefix: --output}
  views:
    type: int?
    doc: Rig cameras, evenly spaced in azimuth (default 4).
    inputBinding: {prefix: --views}
  elevation:
    type: double?
    doc: Camera elevation in degrees (default 15).
    inputBinding: {prefix: --elevation}
  distance:
    type: double?
    doc: Camera distance from the origin (default 3).
    inputBinding: {prefix: --distance}
  fov_y:
    type: double?
    doc: Vertical field of view in degrees (default 40).
    inputBinding: {prefix: --fov-y}
  size:
    type: int?
    doc: Square view size in pixels (default 256).
    inputBinding: {prefix: --size}
  first_azimuth:
    type: double?
    doc: Azimuth of view 0 in degrees (default 0, on +x).
    inputBinding: {prefix: --first-azimuth}
  background:
    type: string?
    doc: Background colour R,G,B (default 255,255,255).
    inputBinding: {prefix: --background}
  no_normalize:
    type: boolean?
    doc: Keep the asset's coordinates instead of normalising into the unit cube.
    inputBinding: {prefix: --no-normalize}

outputs:
  views_dir:
    type: Directory
    doc: view_NN/{rgb,mask,depth_mm}.png, cameras.json, views.png.
    outputBinding:
      glob: $(inputs.output_name)
  preview:
    type: File
    doc: The views side by side.
    outputBinding:
      glob: $(inputs.output_name)/views.png
  summary:
    type: stdout
    doc: JSON summary (outputs with SHA-256, timings).
