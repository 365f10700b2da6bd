#!/usr/bin/env cwl-runner
# Animate a still image: its depth (dolly-depth), the 3D motion
# representation of the intentions (dolly-motion: camera path + object drags),
# the control signals and their previews (dolly-render), then the video
# (dolly-sample; backend preview, the default, needs no model weights).
#   cwltool --no-container --outdir out pipelines/animate.cwl pipelines/animate.job.yml
# (with the dolly tools on PATH; see pipelines/README.md for Toil).
cwlVersion: v1.2
class: Workflow
label: animate
doc: |
  Reference image + depth + instance labels + intentions -> MotionRepresentation
  -> ControlSignals with PNG/MP4 previews (warp preview, object map, camera map,
  trajectory map, depth, box wireframes) -> the generated video (Video
  artifact, MP4 and PNG frames).

  The last step, dolly-sample, runs `backend` (default preview: the video is
  the warp preview, no model weights needed, so the whole workflow runs on a
  machine without weights); backend model takes `bundle`, the directory of a
  model bundle (bundle.json and the TorchScript modules it names), and `seed`.
  Given a bundle, dolly-render renders the control maps the bundle declares it
  was trained on (its "controls": PAC's object and camera maps, PoseTraj's
  per-segment trajectory maps) at the bundle's size, since dolly-sample refuses
  controls rendered in another mode.

  Depth comes in one of two ways:
  - depth_png (default): a depth map the user already has (16-bit PNG, NPY or
    PFM), imported with `dolly-depth --backend import` as
    value * depth_scale + depth_shift (default millimetres -> metres). Needs
    no model weights; this is what the tests run.
  - depth_model: a TorchScript monocular depth network (e.g. Depth-Anything-V2
    exported with tools/depth/export_depth_anything.py; its description JSON
    beside it is staged too) run on the image by `dolly-depth --backend model`.
    Its output is relative inverse depth unless the description says metric;
    dolly-motion reads it as 1 / value.
  Give exactly one of them: each depth step runs only when its input is given
  (CWL 1.2 `when`) and dolly-motion takes the only non-null depth
  (`pickValue: the_only_non_null`), so giving both or neither is an error.

  fx is the focal length in pixels of the reference camera (cx, cy = image
  centre). intentions is the intentions JSON (libs/motion/intentions/README.md);
  drags may be inline in it; drag or pose files it names by relative name go in
  intentions_files and are staged beside it.
requirements:
  InlineJavascriptRequirement: {}
  MultipleInputFeatureRequirement: {}
  StepInputExpressionRequirement: {}

inputs:
  image:
    type: File
    doc: Reference image (PNG or JPEG).
  depth_png:
    type: File?
    doc: Depth of the reference image (16-bit PNG, NPY or PFM), imported.
  depth_scale:
    type: double
    default: 0.001
    doc: Imported depth value -> value * depth_scale + depth_shift metres.
  depth_shift:
    type: double
    default: 0.0
  depth_model:
    type: File?
    doc: TorchScript depth network, run on the image instead of importing depth_png.
  fx:
    type: double
    doc: Focal length in pixels.
  masks:
    type: File?
    doc: Instance labels, 8- or 16-bit single-channel PNG (0 = none); needed when objects move.
  intentions:
    type: File
    doc: Intentions JSON (frames, camera, objects).
  intentions_files:
    type: File[]?
    doc: Drag and pose files the intentions name (by base name).
  convention:
    type: string?
    doc: |
      dolly-motion's convention: dolly (default) or pac, to build the scene as
      Perception-as-Control's inference does (its preset poses and defaults,
      query grid, 500 px pinhole), for a PAC bundle.
  object_map:
    type:
      - "null"
      - type: enum
        symbols: [pac, spheres]
    doc: Object map style (default pac discs).
  camera_map:
    type:
      - "null"
      - type: enum
        symbols: [pac, intrinsics]
    doc: Camera map camera (default pac; with a bundle, what the bundle declares).
  trajectory_map:
    type:
      - "null"
      - type: enum
        symbols: [dolly, posetraj]
    doc: Trajectory map style (default dolly; with a bundle, what the bundle declares).
  backend:
    type:
      type: enum
      symbols: [model, preview]
    default: preview
    doc: dolly-sample's generator (preview = the warp preview, no model; model needs bundle).
  bundle:
    type: Directory?
    doc: dolly-sample's model bundle - a directory with bundle.json and the modules it names.
  seed:
    type: long?
    doc: dolly-sample's seed (default a fresh one, in its summary).

outputs:
  depth:
    type: File
    outputSource: [import_depth/depth, estimate_depth/depth]
    pickValue: the_only_non_null
  motion:
    type: File
    outputSource: build_motion/motion
  controls:
    type: File
    outputSource: render/controls
  previews:
    type: Directory?
    doc: dolly-render's previews - per signal a PNG folder and an MP4.
    outputSource: render/previews
  # The MP4s of the previews (the step fails when one of these four is
  # missing; File? only because they come out of an expression).
  warp_preview:
    type: File?
    outputSource: preview_files/warp_preview
  object_map_mp4:
    type: File?
    outputSource: preview_files/object_map
  camera_map_mp4:
    type: File?
    outputSource: preview_files/camera_map
  trajectory_map_mp4:
    type: File?
    outputSource: preview_files/trajectory_map
  depth_mp4:
    type: File?
    outputSource: preview_files/depth
  video:
    type: File
    doc: The generated video, a Video artifact (dolly-sample).
    outputSource: sample/video
  video_mp4:
    type: File
    doc: The generated video as an MP4.
    outputSource: sample/mp4
  video_frames:
    type: Directory?
    doc: The generated video's frames, NNNNNN.png.
    outputSource: sample/frames
  summaries:
    type: File[]
    doc: The --json summaries of dolly-depth, dolly-motion, dolly-render and dolly-sample.
    outputSource: [import_depth/summary, estimate_depth/summary, build_motion/summary, render/summary,
                   sample/summary]
    linkMerge: merge_flattened
    pickValue: all_non_null

steps:
  import_depth:
    run: ../tools/depth/dolly-depth.cwl
    when: $(inputs.input !== null)
    in:
      input: depth_png
      backend: {default: import}
      scale: depth_scale
      shift: depth_shift
      fx: fx
      output_name: {default: depth.dolly}
    out: [depth, summary]

  estimate_depth:
    run: ../tools/depth/dolly-depth.cwl
    when: $(inputs.model !== null)
    in:
      input: image
      model: depth_model
      backend: {default: model}
      fx: fx
      output_name: {default: depth.dolly}
    out: [depth, summary]

  build_motion:
    run: ../tools/motion/dolly-motion.cwl
    in:
      image: image
      depth:
        source: [import_depth/depth, estimate_depth/depth]
        pickValue: the_only_non_null
      masks: masks
      intentions: intentions
      intentions_files: intentions_files
      convention: convention
      output_name: {default: motion.dolly}
    out: [motion, summary]

  render:
    run: ../tools/render/dolly-render.cwl
    in:
      input: build_motion/motion
      output_name: {default: controls.dolly}
      previews_name: {default: previews}
      object_map: object_map
      camera_map: camera_map
      trajectory_map: trajectory_map
      bundle: bundle
    out: [controls, previews, summary]

  preview_files:
    run: preview_files.cwl
    in:
      previews: render/previews
      required: {default: [warp_preview, object_map, camera_map, trajectory_map]}
    out: [warp_preview, object_map, camera_map, trajectory_map, depth]

  sample:
    run: ../tools/sample/dolly-sample.cwl
    in:
      controls: render/controls
      image: image
      bundle: bundle
      backend: backend
      seed: seed
      output_name: {default: video.dolly}
      mp4_name: {default: video.mp4}
      frames_name: {default: frames}
    out: [video, mp4, frames, summary]
