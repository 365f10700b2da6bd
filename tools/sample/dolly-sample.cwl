#!/usr/bin/env cwl-runner
# dolly-sample: reference image + ControlSignals (+ model bundle) -> video.
#   cwltool tools/sample/dolly-sample.cwl --controls controls.dolly --backend preview
cwlVersion: v1.2
class: CommandLineTool
label: dolly-sample
doc: |
  Generates the video of a reference image under its control signals (a
  ControlSignals artifact from dolly-render): a Video artifact, an MP4 and a
  directory of PNG frames. backend model (the default) runs a diffusion model
  bundle: `bundle` is its directory, holding `bundle_json` and the
  TorchScript modules that JSON names (a directory, so that the modules are
  staged with it). backend preview needs no model weights: the video is the
  ControlSignals' warp preview (the reference image carried through the
  motion), so a pipeline runs end to end on a machine without weights.
requirements:
  InlineJavascriptRequirement: {}
baseCommand: dolly-sample
arguments:
  - --quiet
  - --json
  - valueFrom: '$(inputs.bundle ? ["--bundle", inputs.bundle.path + "/" + inputs.bundle_json] : [])'

stdout: sample.summary.json

inputs:
  controls:
    type: File
    doc: ControlSignals (from dolly-render).
    inputBinding: {prefix: --controls}
  image:
    type: File?
    doc: Reference image (PNG or JPEG).
    inputBinding: {prefix: --image}
  bundle:
    type: Directory?
    doc: Model bundle directory (backend model).
  bundle_json:
    type: string
    default: bundle.json
    doc: The bundle's JSON description, by its name inside `bundle`.
  backend:
    type:
      type: enum
      symbols: [model, preview]
    default: model
    doc: Generator; model = the bundle's diffusion model, preview = the warp preview, no model.
    inputBinding: {prefix: --backend}
  steps:
    type: int?
    doc: Sampler steps (default the bundle's).
    inputBinding: {prefix: --steps}
  sampler:
    type: string?
    doc: Sampler name (default the bundle's).
    inputBinding: {prefix: --sampler}
  guidance:
    type: double?
    doc: Guidance scale (default the bundle's).
    inputBinding: {prefix: --guidance}
  strength:
    type: double?
    doc: SDEdit strength in [0, 1] (below 1 needs init).
    inputBinding: {prefix: --strength}
  init:
    type: string?
    doc: SDEdit start - "warp" (the warp preview).
    inputBinding: {prefix: --init}
  seed:
    type: long?
    doc: Random seed (default a fresh one, reported in the summary).
    inputBinding: {prefix: --seed}
  output_name:
    type: string
    default: video.dolly
    doc: Name of the Video artifact to write.
    inputBinding: {prefix: --output}
  mp4_name:
    type: string
    default: video.mp4
    doc: Name of the MP4 to write.
    inputBinding: {prefix: --mp4}
  frames_name:
    type: string?
    doc: Name of a directory of PNG frames to write.
    inputBinding: {prefix: --frames}

outputs:
  video:
    type: File
    doc: Video artifact.
    outputBinding:
      glob: $(inputs.output_name)
  mp4:
    type: File
    outputBinding:
      glob: $(inputs.mp4_name)
  frames:
    type: Directory?
    outputBinding:
      glob: $(inputs.frames_name)
  summary:
    type: stdout
    doc: JSON summary (outputs with SHA-256, frames, backend, seed, timings).
