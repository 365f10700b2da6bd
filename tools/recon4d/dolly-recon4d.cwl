#!/usr/bin/env cwl-runner
# dolly-recon4d: a static asset animated from a multi-view video of it in
# motion (Animate3D's 4D reconstruction).
#   cwltool tools/recon4d/dolly-recon4d.cwl --asset scene/asset.obj --views_root scene
cwlVersion: v1.2
class: CommandLineTool
label: dolly-recon4d
doc: |
  views_root holds one view_* directory per camera (sorted by name): frames/
  (PNG sequence) or video.dolly or video.mp4, optional masks/ (PNG, non-zero
  = asset) and optional camera.dolly (per-frame cameras). Views without
  camera.dolly sit on the default rig (rig_elevation, rig_distance, rig_fov_y,
  rig_first_azimuth; view k of N at azimuth first + 360 k / N) - all views,
  or none, have one. Frame 0 of every view shows the asset at rest. Writes
  <output_name>/: mesh.dolly (AnimatedMesh), animation.glb (glTF 2.0, one
  morph target per frame, texture kept), animation.pc2, obj/ (OBJ
  sequence), previews/ (compare.mp4 + compare/NNNNNN.png, new_view.mp4) and
  report.json (per-frame stats, timings, options). Every output is in the
  asset's own frame; frame 0 is the asset exactly. No FBX (Autodesk's SDK is
  proprietary): import the .glb.
requirements:
  InlineJavascriptRequirement: {}
  InitialWorkDirRequirement:
    # An OBJ's .mtl and texture are resolved next to it: stage them together.
    listing:
      - $(inputs.asset)
      - $(inputs.extra_files)
baseCommand: dolly-recon4d
arguments:
  - --quiet
  - --json
  - prefix: --asset
    valueFrom: $(inputs.asset.basename)
stdout: recon4d.summary.json

inputs:
  asset:
    type: File
    doc: The static asset (.obj, texture kept, or .ply).
  extra_files:
    type: File[]?
    doc: Files the OBJ refers to by name (its .mtl and texture image).
  views_root:
    type: Directory
    doc: The view_* directories (frames/ or video, masks/, camera.dolly).
    inputBinding: {prefix: --views-root}
  output_name:
    type: string
    default: reconstruction
    doc: Name of the output directory.
    inputBinding: {prefix: --output}
  normalize:
    type: string?
    doc: auto (default; on with the default rig, off with camera.dolly), on or off.
    inputBinding: {prefix: --normalize}
  rig_elevation:
    type: double?
    doc: Default rig - camera elevation in degrees (15).
    inputBinding: {prefix: --rig-elevation}
  rig_distance:
    type: double?
    doc: Default rig - camera distance (3).
    inputBinding: {prefix: --rig-distance}
  rig_fov_y:
    type: double?
    doc: Default rig - vertical field of view in degrees (40).
    inputBinding: {prefix: --rig-fov-y}
  rig_first_azimuth:
    type: double?
    doc: Default rig - azimuth of view 0 in degrees (0).
    inputBinding: {prefix: --rig-first-azimuth}
  fps:
    type: double?
    doc: Frame rate of the animation (default - the videos' own, else 8).
    inputBinding: {prefix: --fps}
  nodes:
    type: int?
    doc: Deformation graph nodes, at most (400).
    inputBinding: {prefix: --nodes}
  arap_weight:
    type: double?
    doc: Weight of the as-rigid-as-possible term (1).
    inputBinding: {prefix: --arap-weight}
  arap_k:
    type: int?
    doc: Neighbouring nodes of the ARAP term (3).
    inputBinding: {prefix: --arap-k}
  track_weight:
    type: double?
    doc: Weight of the 2D track term (1).
    inputBinding: {prefix: --track-weight}
  silhouette_weight:
    type: double?
    doc: Weight of the silhouette term (1).
    inputBinding: {prefix: --silhouette-weight}
  temporal_weight:
    type: double?
    doc: Weight of the constant-velocity prior (0.05).
    inputBinding: {prefix: --temporal-weight}
  photometric_weight:
    type: double?
    doc: Weight of brightness constancy against frame 0, per grey level (0.3).
    inputBinding: {prefix: --photometric-weight}
  shading_smoothness:
    type: double?
    doc: Smoothness of the photometric term's per-node shading gain (0.01; 0 = plain brightness constancy).
    inputBinding: {prefix: --shading-smoothness}
  track_spacing:
    type: int?
    doc: Pixels between tracked points on each view's frame-0 mask (4).
    inputBinding: {prefix: --track-spacing}
  iterations:
    type: int?
    doc: Solver iterations per frame (30).
    inputBinding: {prefix: --iterations}
  threads:
    type: int?
    doc: Solver threads (default 2).
    inputBinding: {prefix: --threads}

outputs:
  reconstruction:
    type: Directory
    doc: The whole output directory.
    outputBinding:
      glob: $(inputs.output_name)
  mesh:
    type: File
    doc: AnimatedMesh artifact.
    outputBinding:
      glob: $(inputs.output_name)/mesh.dolly
  glb:
    type: File
    doc: glTF 2.0 binary, one morph target per frame.
    outputBinding:
      glob: $(inputs.output_name)/animation.glb
  pc2:
    type: File
    doc: PC2 point cache.
    outputBinding:
      glob: $(inputs.output_name)/animation.pc2
  compare_mp4:
    type: File
    doc: Every input view beside the reconstruction from its camera, plus the new view.
    outputBinding:
      glob: $(inputs.output_name)/previews/compare.mp4
  new_view_mp4:
    type: File
    doc: The reconstruction from a new view.
    outputBinding:
      glob: $(inputs.output_name)/previews/new_view.mp4
  report:
    type: File
    doc: report.json - nodes, tracks, per-frame stats, timings, options.
    outputBinding:
      glob: $(inputs.output_name)/report.json
  summary:
    type: stdout
    doc: JSON summary (outputs with SHA-256, timings).
