#!/usr/bin/env cwl-runner
# dolly-render: MotionRepresentation -> ControlSignals (+ PNG/MP4 previews).
#   cwltool tools/render/dolly-render.cwl --input motion.dolly --previews_name previews
cwlVersion: v1.2
class: CommandLineTool
label: dolly-render
doc: |
  Renders the control signals of a MotionRepresentation frame by frame: object
  map (Perception-as-Control discs or 3D spheres), camera map (world-envelope
  checkerboard), trajectory map, box wireframes and, when the representation
  carries a reference image, the warp preview with its coverage and z-depth.
  Writes a ControlSignals artifact; with previews_name, a directory with a PNG
  folder and an MP4 per signal.
baseCommand: dolly-render
arguments:
  - --quiet
  - --json
  - valueFrom: '$(inputs.bundle ? ["--bundle", inputs.bundle.path + "/" + inputs.bundle_json] : [])'
stdout: render.summary.json

inputs:
  input:
    type: File
    doc: MotionRepresentation (from dolly-motion).
    inputBinding: {prefix: --input}
  output_name:
    type: string
    default: controls.dolly
    doc: Name of the ControlSignals to write.
    inputBinding: {prefix: --output}
  previews_name:
    type: string?
    doc: Name of a directory of PNG frames + MP4 per signal to write.
    inputBinding: {prefix: --previews}
  object_map:
    type:
      - "null"
      - type: enum
        symbols: [pac, spheres]
    doc: Object map style (default pac).
    inputBinding: {prefix: --object-map}
  camera_map:
    type:
      - "null"
      - type: enum
        symbols: [pac, intrinsics]
    doc: Camera map camera (default pac).
    inputBinding: {prefix: --camera-map}
  trajectory_map:
    type:
      - "null"
      - type: enum
        symbols: [dolly, posetraj]
    doc: Trajectory map style (default dolly; posetraj = PoseTraj's ControlNet input).
    inputBinding: {prefix: --trajectory-map}
  bundle:
    type: Directory?
    doc: |
      A model bundle's directory: render the map modes its bundle.json declares
      ("controls") at its size, so dolly-sample accepts the controls. An explicit
      object_map / camera_map / trajectory_map must agree with it.
  bundle_json:
    type: string
    default: bundle.json
    doc: The bundle's JSON inside `bundle`.
  width:
    type: int?
    doc: Output width (default the reference camera's).
    inputBinding: {prefix: --width}
  height:
    type: int?
    doc: Output height (default the reference camera's).
    inputBinding: {prefix: --height}
  no_warp:
    type: boolean?
    doc: Skip the warp preview and its coverage.
    inputBinding: {prefix: --no-warp}
  no_depth:
    type: boolean?
    doc: Skip the warped depth.
    inputBinding: {prefix: --no-depth}

outputs:
  controls:
    type: File
    outputBinding:
      glob: $(inputs.output_name)
  previews:
    type: Directory?
    outputBinding:
      glob: $(inputs.previews_name)
  summary:
    type: stdout
    doc: JSON summary (output with SHA-256, preview MP4 paths, timings).
