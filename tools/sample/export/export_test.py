#!/usr/bin/env python3
"""The pure parts of the export scripts, with Debian's python3 alone: torch
is replaced by a stub before the scripts are imported (nothing here runs a
model), diffusers and transformers are never imported.

    python3 tools/sample/export/export_test.py   (or bazel test //tools/sample/export:export_test)
"""
import os
import sys
import types
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


def install_torch_stub():
    """Just enough of torch for the scripts' module level: nn.Module to
    subclass, Tensor for annotations."""
    torch = types.ModuleType("torch")
    nn = types.ModuleType("torch.nn")
    functional = types.ModuleType("torch.nn.functional")
    nn.Module = object
    nn.functional = functional
    torch.nn = nn
    torch.Tensor = object
    torch.__version__ = "stub"
    sys.modules.update({"torch": torch, "torch.nn": nn, "torch.nn.functional": functional})


install_torch_stub()
sys.path.insert(0, HERE)
import bundle_common  # noqa: E402
import export_pac  # noqa: E402
import export_svd  # noqa: E402
from bundle_common import ExportError  # noqa: E402


class SliceSizeTest(unittest.TestCase):
    def test_a_slice_that_does_not_divide_the_rows_is_refused(self):
        # SVD's first blocks: 14 frames x 5 heads = 70 rows; slices of 8
        # would cover 64 and leave 6 rows at zero.
        with self.assertRaises(ExportError) as e:
            bundle_common.check_slice_size(8, 70, "unet.down_blocks.0...attn1")
        message = str(e.exception)
        self.assertIn("70 rows", message)
        self.assertIn("6 rows at zero", message)
        self.assertIn("[1, 2, 5, 7, 10, 14, 35, 70]", message)

    def test_divisors_and_zero_pass(self):
        for s in (0, 1, 7, 35, 70):
            bundle_common.check_slice_size(s, 70, "x")


# (name, parent block class, heads) as attention_layers lists them.
SVD_LAYERS = [
    ("unet.down_blocks.0.attentions.0.transformer_blocks.0.attn1", "BasicTransformerBlock", 5),
    ("unet.down_blocks.0.attentions.0.transformer_blocks.0.attn2", "BasicTransformerBlock", 5),
    ("unet.down_blocks.0.attentions.0.temporal_transformer_blocks.0.attn1",
     "TemporalBasicTransformerBlock", 5),
    ("unet.down_blocks.1.attentions.0.transformer_blocks.0.attn1", "BasicTransformerBlock", 10),
]
PAC_LAYERS = [
    ("reference_unet.down_blocks.0.attentions.0.transformer_blocks.0.attn1",
     "BasicTransformerBlock", 8),
    ("reference_unet.down_blocks.0.attentions.0.transformer_blocks.0.attn2",
     "BasicTransformerBlock", 8),
    ("denoising_unet.down_blocks.0.attentions.0.transformer_blocks.0.attn1",
     "TemporalBasicTransformerBlock", 8),
    ("denoising_unet.down_blocks.0.attentions.0.transformer_blocks.0.attn2",
     "TemporalBasicTransformerBlock", 8),
    ("denoising_unet.down_blocks.0.motion_modules.0.temporal_transformer.transformer_blocks.0"
     ".attention_blocks.0", "ModuleList", 8),
    ("vae.encoder.mid_block.attentions.0", "ModuleList", 1),
]


class AttentionPlanTest(unittest.TestCase):
    def test_pac_slices_only_the_transformer_blocks_self_attention(self):
        plan = bundle_common.plan_attention(
            PAC_LAYERS, export_pac.SLICED_BLOCKS, 8, {"reference_unet.": 1, "denoising_unet.": 16})
        sliced = sorted(n for n, s in plan.items() if s)
        self.assertEqual(sliced, sorted([PAC_LAYERS[0][0], PAC_LAYERS[2][0]]))
        self.assertEqual(plan[PAC_LAYERS[0][0]], 8)
        # The motion module's temporal attention (rows 96 x 64 x 8) stays plain.
        self.assertEqual(plan[PAC_LAYERS[4][0]], 0)
        self.assertEqual(len(plan), len(PAC_LAYERS))

    def test_pac_refuses_a_slice_that_leaves_rows(self):
        # 16 frames x 8 heads = 128 rows in the denoising UNet, 8 in the reference UNet.
        with self.assertRaises(ExportError) as e:
            bundle_common.plan_attention(PAC_LAYERS, export_pac.SLICED_BLOCKS, 16,
                                         {"reference_unet.": 1, "denoising_unet.": 16})
        self.assertIn("reference_unet.", str(e.exception))
        with self.assertRaises(ExportError):
            bundle_common.plan_attention(PAC_LAYERS, export_pac.SLICED_BLOCKS, 3,
                                         {"reference_unet.": 1, "denoising_unet.": 16})

    def test_svd_slices_spatial_attn1_only_and_checks_70_rows(self):
        blocks = {"BasicTransformerBlock"}
        plan = bundle_common.plan_attention(SVD_LAYERS, blocks, 7, 14)
        self.assertEqual([n for n, s in plan.items() if s], [SVD_LAYERS[0][0], SVD_LAYERS[3][0]])
        with self.assertRaises(ExportError) as e:
            bundle_common.plan_attention(SVD_LAYERS, blocks, 8, 14)
        self.assertIn("70 rows", str(e.exception))
        self.assertEqual(set(bundle_common.plan_attention(SVD_LAYERS, blocks, 0, 14).values()), {0})


class OperatorListTest(unittest.TestCase):
    def setUp(self):
        self.qualified, self.names = bundle_common.load_libtorch_ops()

    def test_the_list_is_libtorch_1_13s(self):
        self.assertGreater(len(self.qualified), 3000)
        for op in ("aten::baddbmm", "aten::bmm", "aten::softmax", "aten::group_norm",
                   "aten::silu", "aten::_upsample_bicubic2d_aa", "aten::conv3d",
                   "aten::repeat_interleave", "aten::layer_norm", "aten::einsum"):
            self.assertIn(op, self.names)
        self.assertIn("aten::softmax.int", self.qualified)
        self.assertNotIn("aten::scaled_dot_product_attention", self.names)

    def test_unknown_operators_are_named(self):
        nodes = [("prim::Constant", None), ("prim::GetAttr", None), ("prim::ListConstruct", None),
                 ("aten::baddbmm", "aten::baddbmm"), ("aten::softmax", "aten::softmax.int"),
                 ("aten::scaled_dot_product_attention", "aten::scaled_dot_product_attention"),
                 ("aten::add", "aten::add.SomeNewOverload")]
        missing, overloads = bundle_common.unknown_ops(nodes, self.names, self.qualified)
        self.assertEqual(missing, ["aten::scaled_dot_product_attention"])
        self.assertEqual(overloads, ["aten::add.SomeNewOverload"])


class SvdDefaultsTest(unittest.TestCase):
    def test_generative_models_defaults(self):
        d = export_svd.sampling_defaults(14, posetraj=False)
        self.assertEqual((d["steps"], d["min_guidance"], d["max_guidance"]), (25, 1.0, 2.5))
        d = export_svd.sampling_defaults(25, posetraj=False)
        self.assertEqual((d["steps"], d["min_guidance"], d["max_guidance"]), (30, 1.5, 3.0))
        self.assertEqual(d["decode_chunk"], 14)

    def test_posetraj_defaults(self):
        d = export_svd.sampling_defaults(14, posetraj=True)
        self.assertEqual((d["steps"], d["min_guidance"], d["max_guidance"], d["decode_chunk"]),
                         (25, 1.0, 3.0, 8))
        self.assertEqual((d["width"], d["height"], d["frames"]), (576, 320, 14))

    def test_added_time_ids(self):
        self.assertEqual(export_svd.added_time_ids(7, 127, 0.02, posetraj=False), [6.0, 127.0, 0.02])
        # PoseTraj's pipeline rebuilds them whatever it is called with.
        self.assertEqual(export_svd.added_time_ids(7, 10, 0.02, posetraj=True), [6.0, 128.0, 0.02])


class FlagsTest(unittest.TestCase):
    def test_pac_defaults(self):
        args = export_pac.build_parser().parse_args(["--repo", "r", "--out", "o"])
        self.assertTrue(args.bank_fp16)
        self.assertEqual(args.attention_slice, 8)
        self.assertEqual(args.uncond_drop, "clip,reference")
        self.assertFalse(export_pac.build_parser().parse_args(
            ["--repo", "r", "--out", "o", "--no-bank-fp16"]).bank_fp16)
        export_pac.check_args(args)
        bad = export_pac.build_parser().parse_args(["--repo", "r", "--out", "o",
                                                    "--attention-slice", "-1"])
        with self.assertRaises(ExportError):
            export_pac.check_args(bad)

    def test_svd_posetraj_flags(self):
        parse = export_svd.build_parser().parse_args
        self.assertFalse(export_svd.check_args(parse(["--model", "m", "--out", "o"])))
        self.assertTrue(export_svd.check_args(parse(
            ["--model", "m", "--out", "o", "--posetraj-repo", "p", "--controlnet", "c"])))
        for extra in (["--controlnet", "c"], ["--posetraj-repo", "p"],
                      ["--posetraj-repo", "p", "--controlnet", "c", "--unet", "u"],
                      ["--posetraj-repo", "p", "--controlnet", "c", "--motion-bucket-id", "10"],
                      ["--width", "570"]):
            with self.assertRaises(ExportError, msg=str(extra)):
                export_svd.check_args(parse(["--model", "m", "--out", "o"] + extra))
        args = parse(["--model", "m", "--out", "o"])
        self.assertIsNone(args.steps)  # resolved by sampling_defaults
        self.assertEqual(args.attention_slice, 0)


def posetraj_bundle():
    return {
        "name": "posetraj", "prediction": "edm",
        "schedule": {"type": "karras"}, "defaults": {}, "size": {}, "latent": {},
        "modules": {"denoiser": "denoiser.pt",
                    "encoders": {"image_embeddings": "a.pt", "image_latents": "b.pt"}},
        "conditions": {"image_embeddings": "reference_image", "image_latents": "reference_image",
                       "trajectory": "trajectory_map"},
        "guidance_drop": {"uncond": ["image_embeddings", "image_latents"]},
        "controls": {"trajectory_map": "posetraj"},
        "svd": {"added_time_ids": [6.0, 128.0, 0.02], "noise_aug_strength": 0.02,
                "decode_chunk": 8},
    }


class BundleRulesTest(unittest.TestCase):
    def test_posetraj_bundle_passes(self):
        bundle_common.check_bundle(posetraj_bundle())

    def test_broken_bundles_are_refused(self):
        b = posetraj_bundle()
        b["guidance_drop"]["uncond"].append("trajectory")
        with self.assertRaises(ExportError):
            bundle_common.check_bundle(b)
        b = posetraj_bundle()
        b["controls"] = {"trajectory_map": "posetraj", "camera_map": "pac"}
        with self.assertRaises(ExportError):
            bundle_common.check_bundle(b)
        b = posetraj_bundle()
        b["controls"] = {"trajectory_map": "drags"}
        with self.assertRaises(ExportError):
            bundle_common.check_bundle(b)
        b = posetraj_bundle()
        b["extra"] = 1
        with self.assertRaises(ExportError):
            bundle_common.check_bundle(b)


if __name__ == "__main__":
    unittest.main(verbosity=2)
