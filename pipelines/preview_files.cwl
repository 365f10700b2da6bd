#!/usr/bin/env cwl-runner
# Picks the MP4 files out of dolly-render's previews directory, so that a
# workflow can list them as outputs of their own (used by animate.cwl and
# transfer.cwl). A preview that is not there is null, unless it is named in
# `required`: then the step fails, naming it. (dolly-render always writes the
# object, camera and trajectory maps; the warp preview, depth and box
# wireframes only when the motion representation has what they need.)
cwlVersion: v1.2
class: ExpressionTool
requirements:
  InlineJavascriptRequirement: {}

inputs:
  previews:
    type: Directory?
    loadListing: shallow_listing
  required:
    type: string[]
    default: [object_map, camera_map, trajectory_map]

outputs:
  warp_preview: File?
  object_map: File?
  camera_map: File?
  trajectory_map: File?
  depth: File?
  box_wireframes: File?

expression: |
  ${
    var out = {};
    var names = ["warp_preview", "object_map", "camera_map", "trajectory_map", "depth",
                 "box_wireframes"];
    for (var i = 0; i < names.length; ++i) out[names[i]] = null;
    var listing = (inputs.previews && inputs.previews.listing) || [];
    for (var j = 0; j < listing.length; ++j) {
      var f = listing[j];
      if (f.class !== "File" || f.basename.slice(-4) !== ".mp4") continue;
      var stem = f.basename.slice(0, -4);
      if (names.indexOf(stem) >= 0) out[stem] = {"class": "File", "location": f.location};
    }
    var missing = inputs.required.filter(function(n) { return out[n] === null; });
    if (missing.length > 0) {
      throw "dolly-render wrote no " + missing.join(".mp4, no ") + ".mp4 in the previews";
    }
    return out;
  }
