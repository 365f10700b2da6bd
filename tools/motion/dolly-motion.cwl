#!/usr/bin/env cwl-runner
# dolly-motion: the 3D motion representation from a reference image, its
# depth, instance masks and an intentions file (image mode), or from a
# driving video's depth, labelled tracks and camera path (driving mode).
#   cwltool tools/motion/dolly-motion.cwl --image ref.png --depth depth.dolly \
#     --masks masks.png --intentions intent.json --intentions_files drags.json
#   cwltool tools/motion/dolly-motion.cwl --tracks labelled.dolly \
#     --depth depth.dolly --camera camera.dolly --video video.dolly
cwlVersion: v1.2
class: CommandLineTool
label: dolly-motion
doc: |
  Builds a MotionRepresentation: the reference image's pixels lifted to 3D
  points with its depth (frame 0 of a DepthSequence, whose intrinsics are the
  camera), moved by the camera plan and the object drags / rotations of an
  intentions file (libs/motion/intentions/README.md). World = the reference
  camera. The intentions file names drag and pose files relative to its own
  directory: pass them as intentions_files, they are staged next to it.
  Driving mode (tracks + camera given): world trajectories of the labelled
  tracks, objects' rigid motions; the intentions' camera part (if given)
  replaces the driving camera path; reference_image + reference_depth
  retarget the motion onto another image.
baseCommand: dolly-motion
arguments:
  - --quiet
  - --json
  - prefix: --intentions
    valueFrom: '$(inputs.intentions ? inputs.intentions.basename : null)'
stdout: motion.summary.json
requirements:
  InlineJavascriptRequirement: {}
  InitialWorkDirRequirement:
    # The intentions file and the files it names, side by side in the working
    # directory so that its relative names resolve.
    listing:
      - $(inputs.intentions)
      - $(inputs.intentions_files)

inputs:
  image:
    type: File?
    doc: Image mode - reference image (PNG or JPEG).
    inputBinding: {prefix: --image}
  depth:
    type: File
    doc: DepthSequence - the reference image's (frame 0, same size) or the driving video's (METRIC).
    inputBinding: {prefix: --depth}
  masks:
    type: File?
    doc: Instance labels, 8- or 16-bit single-channel PNG (0 = none); needed when the intentions move objects.
    inputBinding: {prefix: --masks}
  intentions:
    type: File?
    doc: Intentions JSON (passed by its staged name, see arguments); required in image mode, in driving mode only its camera part is used.
  intentions_files:
    type: File[]?
    doc: Drag and pose files the intentions file names (by base name).
  tracks:
    type: File?
    doc: Driving mode - TrackSet with STATIC/DYNAMIC labels (dolly-odometry --labelled-tracks).
    inputBinding: {prefix: --tracks}
  camera:
    type: File?
    doc: Driving mode - CameraTrajectory of the driving video.
    inputBinding: {prefix: --camera}
  video:
    type: File?
    doc: Driving mode - the driving frames (Video artifact or video file), for colours and previews.
    inputBinding: {prefix: --video}
  reference_image:
    type: File?
    doc: Driving mode - retarget onto this image (with reference_depth).
    inputBinding: {prefix: --reference-image}
  reference_depth:
    type: File?
    doc: Driving mode - DepthSequence of reference_image.
    inputBinding: {prefix: --reference-depth}
  output_name:
    type: string
    default: motion.dolly
    doc: Name of the MotionRepresentation to write.
    inputBinding: {prefix: --output}
  grid:
    type: int?
    doc: Scene points per image side (default 31).
    inputBinding: {prefix: --grid}
  object_stride:
    type: int?
    doc: Pixels between a moving object's points (default 8).
    inputBinding: {prefix: --object-stride}
  fx:
    type: double?
    doc: Focal length in pixels, overriding the depth's intrinsics.
    inputBinding: {prefix: --fx}
  convention:
    type: string?
    doc: Image mode - dolly (default) or pac, to build the scene as Perception-as-Control's inference does (its preset poses, query grid, 500 px pinhole and screen projection).
    inputBinding: {prefix: --convention}

outputs:
  motion:
    type: File
    outputBinding:
      glob: $(inputs.output_name)
  summary:
    type: stdout
    doc: JSON summary (output with SHA-256, points, frames, objects, timings).
