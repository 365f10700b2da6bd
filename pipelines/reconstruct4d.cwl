#!/usr/bin/env cwl-runner
# Reconstruct a 4D asset (Animate3D-style): the static asset's
# conditioning views from the multi-view rig (dolly-render --asset), the
# input a multi-view video model animates, and the 4D reconstruction from a
# multi-view video of the asset in motion (dolly-recon4d).
#   cwltool --no-container --outdir out pipelines/reconstruct4d.cwl \
#     --asset scene/asset.obj --views_root scene
# (with the dolly tools on PATH; see pipelines/README.md).
cwlVersion: v1.2
class: Workflow
label: reconstruct4d
doc: |
  asset (+ extra_files: its .mtl and texture) -> conditioning views
  (view_NN/{rgb,mask,depth_mm}.png, cameras.json, views.png; the asset
  normalised into the unit cube, Animate3D's rig) and, with views_root (one
  view_* directory per camera: frames/ or video.dolly / video.mp4, optional
  masks/, optional camera.dolly), the animated asset: mesh.dolly,
  animation.glb, animation.pc2, obj/, previews/ and report.json.

  No video model runs here: views_root is the multi-view video of the asset
  in motion (a model's output laid out as view_* directories, or a
  dolly-synth rig scene). Views without camera.dolly sit on the default rig
  (the same as the conditioning views': 4 views at azimuth 0/90/180/270,
  elevation 15, distance 3, fov-y 40), and the fit then normalises the asset
  the same way; outputs are always in the asset's own frame.
requirements:
  InlineJavascriptRequirement: {}

inputs:
  asset:
    type: File
    doc: The static asset (.obj or .ply).
  extra_files:
    type: File[]?
    doc: Files the OBJ refers to by name (its .mtl and texture image).
  views_root:
    type: Directory
    doc: The multi-view video of the asset in motion (view_* directories).
  views:
    type: int?
    doc: Conditioning views - rig cameras (4).
  size:
    type: int?
    doc: Conditioning views - square size in pixels (256).
  normalize:
    type: string?
    doc: Reconstruction - auto, on or off (see dolly-recon4d).
  fps:
    type: double?
  nodes:
    type: int?
  arap_weight:
    type: double?
  arap_k:
    type: int?
  silhouette_weight:
    type: double?
  temporal_weight:
    type: double?
  track_spacing:
    type: int?
  iterations:
    type: int?

steps:
  conditioning:
    run: ../tools/render/dolly-render-asset.cwl
    in:
      asset: asset
      extra_files: extra_files
      views: views
      size: size
    out: [views_dir, preview, summary]
  reconstruct:
    run: ../tools/recon4d/dolly-recon4d.cwl
    in:
      asset: asset
      extra_files: extra_files
      views_root: views_root
      normalize: normalize
      fps: fps
      nodes: nodes
      arap_weight: arap_weight
      arap_k: arap_k
      silhouette_weight: silhouette_weight
      temporal_weight: temporal_weight
      track_spacing: track_spacing
      iterations: iterations
    out: [reconstruction, mesh, glb, pc2, compare_mp4, new_view_mp4, report, summary]

outputs:
  conditioning_views:
    type: Directory
    outputSource: conditioning/views_dir
  conditioning_preview:
    type: File
    outputSource: conditioning/preview
  reconstruction:
    type: Directory
    outputSource: reconstruct/reconstruction
  mesh:
    type: File
    outputSource: reconstruct/mesh
  glb:
    type: File
    outputSource: reconstruct/glb
  pc2:
    type: File
    outputSource: reconstruct/pc2
  compare_mp4:
    type: File
    outputSource: reconstruct/compare_mp4
  new_view_mp4:
    type: File
    outputSource: reconstruct/new_view_mp4
  report:
    type: File
    outputSource: reconstruct/report
