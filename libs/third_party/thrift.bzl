"""Generates C++ from .thrift schemas at build time (nothing generated is committed)."""

def thrift_cc_library(name, srcs, constants = [], visibility = None):
    """One cc_library holding the generated code of every schema in srcs.

    Args:
      name: target name.
      srcs: .thrift files of this package; includes between them must be listed too.
      constants: the subset of srcs that declare `const` values (thrift emits
        <name>_constants.{h,cpp} only for those).
      visibility: as usual.
    """
    hdrs = []
    cpps = []
    for src in srcs:
        base = src[:-len(".thrift")]
        hdrs.append(base + "_types.h")
        cpps.append(base + "_types.cpp")
        if src in constants:
            hdrs.append(base + "_constants.h")
            cpps.append(base + "_constants.cpp")
    native.genrule(
        name = name + "_gen",
        srcs = srcs,
        outs = hdrs + cpps,
        cmd = " && ".join([
            "thrift --gen cpp:no_skeleton,moveable_types -out $(RULEDIR) $(location %s)" % src
            for src in srcs
        ]),
    )
    native.cc_library(
        name = name,
        srcs = cpps,
        hdrs = hdrs,
        # Generated files include each other by bare name.
        includes = ["."],
        copts = ["-w"],
        deps = ["//libs/third_party:thrift"],
        visibility = visibility,
    )
