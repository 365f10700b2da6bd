#!/usr/bin/env cwl-runner
# dolly-inspect: look inside any dolly artifact. Without export_name it prints
# a summary (or, with json, the whole artifact as JSON) to the captured
# stdout; with export_name it writes PNG/MP4/plot previews into that new
# directory and lists them on stdout.
#   cwltool tools/inspect/dolly-inspect.cwl --artifact depth.dolly --export_name depth_preview
cwlVersion: v1.2
class: CommandLineTool
label: dolly-inspect
doc: |
  Summary, JSON or previews of any dolly artifact (DepthSequence, TrackSet,
  CameraTrajectory, MotionRepresentation, ControlSignals, Video, Mesh,
  AnimatedMesh, Metrics, SceneGroundTruth). Previews per kind: depth as
  colour-mapped PNGs + MP4, tracks drawn over frames, a camera-path plot,
  coloured instance masks, orthographic mesh views, metrics as JSON/CSV.
baseCommand: dolly-inspect
arguments:
  - --quiet
stdout: $(inputs.artifact.nameroot).inspect.txt

inputs:
  artifact:
    type: File
    doc: The artifact to inspect.
    inputBinding: {position: 1}
  export_name:
    type: string?
    doc: Name of a new directory to write previews into.
    inputBinding: {prefix: --export}
  json:
    type: boolean?
    doc: Print the whole artifact as one JSON document (tensors summarised).
    inputBinding: {prefix: --json}
  full:
    type: boolean?
    doc: With json, include tensor data in full.
    inputBinding: {prefix: --full}
  frames:
    type: boolean?
    doc: Summary also lists every frame.
    inputBinding: {prefix: --frames}
  video:
    type: File?
    doc: TrackSet export - draw the tracks over this video (artifact or video file).
    inputBinding: {prefix: --video}
  colormap:
    type:
      - "null"
      - type: enum
        symbols: [turbo, inferno]
    doc: Colormap of exported depth.
    inputBinding: {prefix: --colormap}

outputs:
  report:
    type: stdout
    doc: The summary, the JSON document, or the list of exported files.
  export_dir:
    type: Directory?
    doc: The previews, when export_name was given.
    outputBinding:
      glob: $(inputs.export_name)
