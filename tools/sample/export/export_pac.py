#!/usr/bin/env python3
"""Export Perception-as-Control (ICCV 2025) as a dolly model bundle.

Run it where the weights and the Perception-as-Control repository are (it is
not run by the tests or CI, and dolly never downloads models), in the export
environment of tools/sample/README.md (torch 1.13.1, diffusers 0.24 as PAC
pins it, transformers 4.30, omegaconf, einops), with >= 64 GB of RAM and, for
--device cuda, a GPU of >= 40 GB (fp32 weights of both UNets, CLIP and the
VAE are about 11 GB; tracing at 768x512x16 needs the rest):

    git clone https://github.com/chen-yingjie/Perception-as-Control pac
    # put the weights where pac/configs/eval.yaml names them
    # (pretrained_weights/{sd-image-variations-diffusers, sd-vae-ft-mse,
    #  denoising_unet.pth, reference_unet.pth, obj_encoder.pth, cam_encoder.pth})
    python3 tools/sample/export/export_pac.py --repo pac --out models/pac --device cuda

The bundle declares "controls" {"object_map": "pac", "camera_map": "pac"}:
dolly-sample refuses ControlSignals rendered in another mode.

It writes, under --out:

    bundle.json        the bundle (libs/diffusion/bundle.h)
    denoiser.pt        forward(x [F,4,h,w] = c_in x, c_noise [1],
                               cond {reference, clip, camera, object}) -> v [F,4,h,w]
    vae_encoder.pt     [F,3,H,W] in [-1,1] -> latent mean [F,4,h,w]
    vae_decoder.pt     latent / 0.18215 [F,4,h,w] -> [F,3,H,W] in [-1,1]
    enc_reference.pt   reference image [1,3,H,W] 0..255 -> 0.18215 * VAE mean [1,4,h,w]
    enc_clip.pt        reference image [1,3,H,W] 0..255 -> CLIP image embedding [1,1,768]
    enc_camera.pt      camera map [F,3,H,W] 0..255 -> camera features [1,320,F,h,w]
    enc_object.pt      object map [F,3,H,W] 0..255 -> object features [1,320,F,h,w]
    export_info.json   what was exported from what (dolly does not read it)

What the denoiser does, per call (one guidance branch):
  1. fuses the camera and object features as PAC's FusionModule does
     (fusion_type of the config: "max" = torch.max, "sum" = +);
  2. if cond["reference"] is not all zeros: runs PAC's reference UNet
     (UNet2DConditionModel) on the reference latent at timestep 0 with the CLIP
     embedding, its self-attention inputs written into the attention banks
     (PAC's ReferenceAttentionControl, mode "write", fusion_blocks "full"), and
     copies the banks into the denoising UNet's blocks (mode "read"), rounded
     through float16 as PAC's update() casts them (--no-bank-fp16 keeps fp32);
     if it is all zeros: clears the banks, so every block does plain
     self-attention (PAC's unconditional branch, see below);
  3. runs the denoising UNet3DConditionModel on x as [1,4,F,h,w] with
     encoder_hidden_states = the CLIP embedding and pose_cond_fea = the fused
     features, and returns its output as [F,4,h,w].
PAC runs the reference UNet once per video (the bank is the same at every
step); dolly calls the denoiser per step and branch, so the conditional branch
pays one extra 2D UNet pass per step (the unconditional one does not).

Classifier-free guidance as PAC does it (src/pipelines/
pipeline_motion2vid_merge_infer.py and src/models/mutual_self_attention.py):
the unconditional half of the batch gets a zero CLIP embedding
(uncond_encoder_hidden_states = zeros_like) and, through the uc_mask of the
read hook, plain self-attention instead of reference attention; the control
features (pose_cond_fea) are the same in both halves. So the bundle's
guidance_drop.uncond is ["clip", "reference"]: dolly zeroes those two, the
denoiser sees the zero reference and skips the reference attention. Camera and
object are NOT dropped (--uncond-drop can change that, but with fusion "max"
a zeroed feature map is not the same as an absent one: max(obj, 0) != obj).

Attention. Every diffusers Attention gets the plain AttnProcessor (no
scaled_dot_product_attention, which LibTorch 1.13 lacks) except the
self / reference attention attn1 of the UNets' transformer blocks
(BasicTransformerBlock in the reference UNet, TemporalBasicTransformerBlock
in the denoising UNet: the one whose keys grow with the bank), which gets
SlicedAttnProcessor(--attention-slice) over its batch x heads rows (16 x 8
in the denoising UNet, 1 x 8 in the reference UNet at the defaults). The
motion modules' temporal attention stays plain: its rows are height x width
x heads (6144 x 8 at 96x64 latents), and slicing it would unroll thousands
of slices per layer into the trace. A slice size that does not divide a
sliced layer's rows is refused (SlicedAttnProcessor would leave the rest of
its output at zero).

Schedule: read from the repository's inference config (noise_scheduler_kwargs
of configs/inference/inference_v2.yaml as configs/eval.yaml names it) through
diffusers' DDIMScheduler(**kwargs).config, so the bundle gets what PAC samples
with (AnimateAnyone-style: v_prediction, rescale_betas_zero_snr, trailing).
Sampling defaults (steps, guidance) and size come from configs/eval.yaml.

The traced modules have the bundle's sizes baked in (frames, height, width),
and the device they were traced on baked into a few constants: trace with
--device cuda for `dolly-sample --device cuda`, --device cpu for CPU runs.
Every module is checked after export: reloaded with torch.jit.load, its graph
scanned for operators LibTorch 1.13 lacks, run once on inputs of the bundle's
sizes and compared with the eager module (--rtol).
"""
import argparse
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bundle_common import (ExportError, compare, param_bytes, save_checked,  # noqa: E402
                           set_attention, add_check_args, prepare_output, write_bundle)
from typing import Dict  # noqa: E402

# The blocks whose attn1 (self / reference attention) may be sliced: PAC's
# src/models/attention.py (the reference UNet's 2D blocks, the denoising
# UNet's blocks that read the bank).
SLICED_BLOCKS = {"BasicTransformerBlock", "TemporalBasicTransformerBlock"}

LATENT_SCALE = 0.18215  # hard-coded in PAC's pipeline (ref latents and decode_latents)

# PIL's Image.convert("L"): L = (R*19595 + G*38470 + B*7471 + 0x8000) >> 16.
PIL_L = (19595.0 / 65536.0, 38470.0 / 65536.0, 7471.0 / 65536.0)


# ---------------------------------------------------------------- encoders
class RefLatentEncoder(nn.Module):
    """Reference image 0..255 [1,3,H,W] -> 0.18215 * VAE mean [1,4,h,w]
    (the pipeline: VaeImageProcessor.preprocess -> vae.encode().latent_dist.mean * 0.18215)."""

    def __init__(self, vae):
        super().__init__()
        self.vae = vae

    def forward(self, image):
        x = image / 127.5 - 1.0
        return self.vae.encode(x).latent_dist.mean * LATENT_SCALE


class ClipEncoder(nn.Module):
    """Reference image 0..255 [1,3,H,W] -> CLIP image_embeds [1,1,D].
    PAC: CLIPImageProcessor().preprocess(ref_image.resize((224, 224))) on the
    H x W reference, image_encoder(...).image_embeds.unsqueeze(1). The PIL
    bicubic resize is approximated by torch's antialiased bicubic resize,
    rounded to 8 bits as PIL's result is."""

    def __init__(self, image_encoder, mean, std, size):
        super().__init__()
        self.image_encoder = image_encoder
        self.size = size
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32).view(1, 3, 1, 1))

    def forward(self, image):
        x = F.interpolate(image, size=(self.size, self.size), mode="bicubic",
                          align_corners=False, antialias=True)
        x = torch.clamp(torch.round(x), 0.0, 255.0) / 255.0
        x = (x - self.mean) / self.std
        return self.image_encoder(pixel_values=x).image_embeds.unsqueeze(1)


class CameraEncoder(nn.Module):
    """Camera map 0..255 [F,3,H,W] -> cam_encoder features [1,320,F,h,w].
    PAC's inference.py (get_control_cams) reads the camera video with decord,
    reverses the channels ([..., ::-1]) and converts with PIL .convert('L'):
    one gray channel, 0..255, not normalised. `weights` are the gray weights on
    dolly's R, G, B (see --camera-gray)."""

    def __init__(self, cam_encoder, weights):
        super().__init__()
        self.cam_encoder = cam_encoder
        self.register_buffer("weights", torch.tensor(weights, dtype=torch.float32).view(1, 3, 1, 1))

    def forward(self, frames):
        gray = torch.floor((frames * self.weights).sum(dim=1, keepdim=True) + 0.5)  # [F,1,H,W]
        x = gray.permute(1, 0, 2, 3).unsqueeze(0)  # [1,1,F,H,W]
        return self.cam_encoder(x)


class ObjectEncoder(nn.Module):
    """Object map 0..255 [F,3,H,W] -> obj_encoder features [1,320,F,h,w].
    PAC's get_control_objs renders the tracks with src/utils/visualizer.py
    (Visualizer.visualize returns uint8 RGB [1,T,3,H,W]: discs coloured by
    their first-frame position, radius by depth, on black) and passes them as
    float 0..255, [1,3,F,H,W], not normalised."""

    def __init__(self, obj_encoder):
        super().__init__()
        self.obj_encoder = obj_encoder

    def forward(self, frames):
        return self.obj_encoder(frames.permute(1, 0, 2, 3).unsqueeze(0))


class VaeEncoder(nn.Module):
    """Bundle vae_encoder: [F,3,H,W] in [-1,1] -> latent mean [F,4,h,w], `chunk` frames at a time."""

    def __init__(self, vae, frames, chunk):
        super().__init__()
        self.vae = vae
        self.frames = frames
        self.chunk = chunk

    def forward(self, images):
        parts = [self.vae.encode(images[i:i + self.chunk]).latent_dist.mean
                 for i in range(0, self.frames, self.chunk)]
        return torch.cat(parts, dim=0)


class VaeDecoder(nn.Module):
    """Bundle vae_decoder: latent / 0.18215 [F,4,h,w] -> [F,3,H,W] in [-1,1]
    (PAC's decode_latents decodes one frame at a time: chunk 1)."""

    def __init__(self, vae, frames, chunk):
        super().__init__()
        self.vae = vae
        self.frames = frames
        self.chunk = chunk

    def forward(self, latents):
        parts = [self.vae.decode(latents[i:i + self.chunk]).sample
                 for i in range(0, self.frames, self.chunk)]
        return torch.cat(parts, dim=0)


# ---------------------------------------------------------------- denoiser
class Banks:
    """The reference attention banks: PAC's ReferenceAttentionControl writer
    (on the reference UNet) and reader (on the denoising UNet)."""

    def __init__(self, mutual_self_attention, reference_unet, denoising_unet):
        RAC = mutual_self_attention.ReferenceAttentionControl
        # As the pipeline builds them, but for one branch at a time
        # (do_classifier_free_guidance=False: the read hook always uses the bank).
        self.writer = RAC(reference_unet, do_classifier_free_guidance=False, mode="write",
                          batch_size=1, fusion_blocks="full")
        self.reader = RAC(denoising_unet, do_classifier_free_guidance=False, mode="read",
                          batch_size=1, fusion_blocks="full")
        self.torch_dfs = mutual_self_attention.torch_dfs
        self.Basic = mutual_self_attention.BasicTransformerBlock
        self.Temporal = mutual_self_attention.TemporalBasicTransformerBlock
        self.fp16 = False

    def clear(self):
        self.writer.clear()
        self.reader.clear()

    def copy(self):
        """reader.update(writer): the same pairing of blocks, sorted by width.
        update() stores the bank as float16 (its dtype argument defaults to
        it) and the read hook concatenates it to the fp32 hidden states, so
        PAC attends to fp16-rounded bank values: with fp16 on, the copy rounds
        through float16 and back to the bank's dtype."""
        readers = [m for m in self.torch_dfs(self.reader.unet) if isinstance(m, self.Temporal)]
        writers = [m for m in self.torch_dfs(self.writer.unet) if isinstance(m, self.Basic)]
        readers = sorted(readers, key=lambda m: -m.norm1.normalized_shape[0])
        writers = sorted(writers, key=lambda m: -m.norm1.normalized_shape[0])
        if len(readers) != len(writers):
            print("WARNING: %d reader blocks, %d writer blocks (zip pairs the first ones, as "
                  "PAC's update() does)" % (len(readers), len(writers)), file=sys.stderr)
        for r, w in zip(readers, writers):
            r.bank = [v.half().to(v.dtype) if self.fp16 else v for v in w.bank]


def to_unet_layout(x):
    return x.permute(1, 0, 2, 3).unsqueeze(0)  # [F,C,h,w] -> [1,C,F,h,w]


def from_unet_layout(y):
    return y[0].permute(1, 0, 2, 3)  # [1,C,F,h,w] -> [F,C,h,w]


class WithReference(nn.Module):
    """Conditional branch: reference UNet (t = 0) -> banks -> denoising UNet."""

    def __init__(self, reference_unet, denoising_unet, banks):
        super().__init__()
        self.reference_unet = reference_unet
        self.denoising_unet = denoising_unet
        self.banks = banks

    def forward(self, x, c_noise, reference, clip, feat):
        self.banks.clear()
        self.reference_unet(reference, torch.zeros_like(c_noise), encoder_hidden_states=clip,
                            return_dict=False)
        self.banks.copy()
        out = self.denoising_unet(to_unet_layout(x), c_noise, encoder_hidden_states=clip,
                                  pose_cond_fea=feat, return_dict=False)[0]
        self.banks.clear()
        return from_unet_layout(out)


class WithoutReference(nn.Module):
    """Unconditional branch: empty banks (plain self-attention) -> denoising UNet."""

    def __init__(self, denoising_unet, banks):
        super().__init__()
        self.denoising_unet = denoising_unet
        self.banks = banks

    def forward(self, x, c_noise, clip, feat):
        self.banks.clear()
        out = self.denoising_unet(to_unet_layout(x), c_noise, encoder_hidden_states=clip,
                                  pose_cond_fea=feat, return_dict=False)[0]
        return from_unet_layout(out)


class PacDenoiser(nn.Module):
    """The bundle's denoiser (scripted shell around the two traced branches)."""

    def __init__(self, with_ref, without_ref, fusion: str):
        super().__init__()
        self.with_ref = with_ref
        self.without_ref = without_ref
        self.fusion = fusion

    def forward(self, x: torch.Tensor, c_noise: torch.Tensor,
                cond: Dict[str, torch.Tensor]) -> torch.Tensor:
        clip = cond["clip"]
        if "object" in cond and "camera" in cond:
            if self.fusion == "max":
                feat = torch.max(cond["object"], cond["camera"])
            else:
                feat = cond["object"] + cond["camera"]
        elif "object" in cond:
            feat = cond["object"]
        else:
            feat = cond["camera"]
        reference = cond["reference"]
        if bool(torch.any(reference != 0)):
            return self.with_ref(x, c_noise, reference, clip, feat)
        return self.without_ref(x, c_noise, clip, feat)


def fuse_eager(cond, fusion):
    if "object" in cond and "camera" in cond:
        if fusion == "max":
            return torch.max(cond["object"], cond["camera"])
        return cond["object"] + cond["camera"]
    return cond["object"] if "object" in cond else cond["camera"]


# ---------------------------------------------------------------- schedule
def schedule_from_scheduler(sched_cfg):
    pred = {"epsilon": "epsilon", "v_prediction": "v", "sample": "x0"}.get(sched_cfg["prediction_type"])
    if pred is None:
        sys.exit("prediction_type %s has no bundle equivalent" % sched_cfg["prediction_type"])
    if sched_cfg.get("trained_betas") is not None:
        sys.exit("trained_betas are not expressible in a bundle")
    beta = sched_cfg["beta_schedule"]
    if beta not in ("linear", "scaled_linear", "squaredcos_cap_v2"):
        sys.exit("beta_schedule %s has no bundle equivalent" % beta)
    spacing = sched_cfg.get("timestep_spacing", "leading")
    if spacing not in ("leading", "trailing", "linspace"):
        sys.exit("timestep_spacing %s has no bundle equivalent" % spacing)
    for key, bad in (("clip_sample", True), ("thresholding", True)):
        if sched_cfg.get(key) == bad:
            print("WARNING: the scheduler has %s=%s, which dolly's DDIM does not do" % (key, bad),
                  file=sys.stderr)
    if sched_cfg.get("set_alpha_to_one") is False:
        print("WARNING: set_alpha_to_one=False: diffusers' last DDIM step ends at "
              "alphas_cumprod[0], dolly's at sigma 0", file=sys.stderr)
    schedule = {"type": "discrete", "beta_schedule": beta,
                "beta_start": float(sched_cfg["beta_start"]), "beta_end": float(sched_cfg["beta_end"]),
                "num_train_timesteps": int(sched_cfg["num_train_timesteps"]),
                "zero_terminal_snr": bool(sched_cfg.get("rescale_betas_zero_snr", False)),
                "spacing": spacing, "steps_offset": int(sched_cfg.get("steps_offset", 0))}
    return pred, schedule


def build_parser():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repo", required=True, help="Perception-as-Control checkout (imports src.*)")
    p.add_argument("--config", default="configs/eval.yaml",
                   help="PAC eval config, relative to --repo (weights, size, steps, guidance, fusion)")
    p.add_argument("--inference-config",
                   help="override of the config's inference_config (UNet3D kwargs, scheduler kwargs)")
    p.add_argument("--out", required=True, help="bundle directory to write (created)")
    p.add_argument("--name", default="perception-as-control")
    p.add_argument("--device", default="cuda", help="trace device: the bundle runs there (cuda|cpu)")
    p.add_argument("--width", type=int, help="default: the config's W (768)")
    p.add_argument("--height", type=int, help="default: the config's H (512)")
    p.add_argument("--frames", type=int, help="default: the config's sample_n_frames (16)")
    p.add_argument("--steps", type=int, help="default: the config's steps (20)")
    p.add_argument("--guidance", type=float, help="default: the config's guidance_scale (3.5)")
    p.add_argument("--uncond-drop", default="clip,reference",
                   help="conditions zeroed for the unconditional branch (default: what PAC does)")
    p.add_argument("--camera-gray", choices=["pac", "rec601"], default="pac",
                   help="pac: PAC's inference.py (channels reversed before PIL 'L', i.e. "
                        "0.114 R + 0.587 G + 0.299 B); rec601: 0.299 R + 0.587 G + 0.114 B")
    p.add_argument("--bank-fp16", dest="bank_fp16", action="store_true", default=True,
                   help="round the attention banks through float16 as PAC's update() does "
                        "(the default)")
    p.add_argument("--no-bank-fp16", dest="bank_fp16", action="store_false",
                   help="keep the banks in the export dtype (not PAC's numbers)")
    p.add_argument("--attention-slice", type=int, default=8,
                   help="SlicedAttnProcessor slice size for the transformer blocks' attn1 "
                        "(self / reference attention); it must divide frames x heads and heads. "
                        "0 = plain AttnProcessor there too (one slice: ~40 GB for the "
                        "6144-token reference attention at 768x512x16)")
    p.add_argument("--vae-chunk", type=int, default=1, help="frames per VAE call (PAC decodes 1)")
    add_check_args(p)
    return p


def check_args(args):
    """Rules between flags, before anything is loaded."""
    if args.attention_slice < 0:
        raise ExportError("--attention-slice must be >= 0")
    if args.vae_chunk < 1:
        raise ExportError("--vae-chunk must be >= 1")
    for name in ("width", "height"):
        v = getattr(args, name)
        if v is not None and (v <= 0 or v % 8):
            raise ExportError("--%s %d: must be a positive multiple of 8" % (name, v))


def main():
    args = build_parser().parse_args()
    check_args(args)

    repo = os.path.abspath(args.repo)
    out, device = prepare_output(args)

    sys.path.insert(0, repo)
    from omegaconf import OmegaConf
    from diffusers import AutoencoderKL, DDIMScheduler
    from transformers import CLIPImageProcessor, CLIPVisionModelWithProjection
    # Names as PAC's inference.py imports them (chen-yingjie/Perception-as-Control).
    from src.models.motion_encoder import MotionEncoder
    from src.models.unet_2d_condition import UNet2DConditionModel
    from src.models.unet_3d import UNet3DConditionModel
    import src.models.mutual_self_attention as msa
    # PAC's src/models/mutual_self_attention.py (adapted from MagicAnimate)
    # defines ReferenceAttentionControl and torch_dfs and imports the two
    # block classes from src/models/attention.py; check that this checkout
    # still has them.
    for name in ("ReferenceAttentionControl", "torch_dfs", "BasicTransformerBlock",
                 "TemporalBasicTransformerBlock"):
        if not hasattr(msa, name):
            sys.exit("src.models.mutual_self_attention has no %s: this PAC version differs from "
                     "what export_pac.py expects" % name)

    def rel(path):
        return path if os.path.isabs(path) else os.path.join(repo, path)

    cfg = OmegaConf.load(rel(args.config))
    infer_cfg = OmegaConf.load(rel(args.inference_config or cfg.inference_config))
    W = args.width or int(cfg.W)
    H = args.height or int(cfg.H)
    Fr = args.frames or int(cfg.sample_n_frames)
    steps = args.steps or int(cfg.steps)
    guidance = args.guidance if args.guidance is not None else float(cfg.guidance_scale)
    if W % 8 or H % 8:
        sys.exit("width and height must be multiples of 8")
    h, w = H // 8, W // 8
    is_obj = bool(cfg.get("is_obj", True))
    is_cam = bool(cfg.get("is_cam", True))
    fusion = str(cfg.get("fusion_type", "max"))
    if not (is_obj or is_cam):
        sys.exit("the config uses neither object nor camera control (final_feat None): "
                 "not supported")
    if is_obj and is_cam and fusion not in ("max", "sum"):
        sys.exit("fusion_type %s: only max and sum are supported (PAC's inference.py does not load "
                 "FusionModule weights, so 'conv' would be untrained)" % fusion)
    names = {"reference", "clip"} | ({"camera"} if is_cam else set()) | ({"object"} if is_obj else set())
    drop = [s for s in args.uncond_drop.split(",") if s]
    if set(drop) - names:
        sys.exit("--uncond-drop: %s not among the conditions %s"
                 % (sorted(set(drop) - names), sorted(names)))
    if str(cfg.get("weight_dtype", "fp32")) != "fp32":
        print("NOTE: the config runs PAC in %s; the bundle is exported in fp32 (dolly can load "
              "it as bf16)" % cfg.weight_dtype, file=sys.stderr)

    # Models, as PAC's inference.py Model.init_model builds and loads them.
    print("loading models ...")
    vae = AutoencoderKL.from_pretrained(rel(cfg.vae_model_path))
    reference_unet = UNet2DConditionModel.from_pretrained(rel(cfg.base_model_path), subfolder="unet")
    denoising_unet = UNet3DConditionModel.from_pretrained_2d(
        rel(cfg.base_model_path), rel(cfg.mm_path) if cfg.mm_path else cfg.mm_path,
        subfolder="unet", unet_additional_kwargs=infer_cfg.unet_additional_kwargs)
    obj_encoder = MotionEncoder(conditioning_embedding_channels=320, conditioning_channels=3,
                                block_out_channels=(16, 32, 96, 256))
    cam_encoder = MotionEncoder(conditioning_embedding_channels=320, conditioning_channels=1,
                                block_out_channels=(16, 32, 96, 256))
    try:  # transformers >= 4.36 would otherwise pick SDPA attention
        image_encoder = CLIPVisionModelWithProjection.from_pretrained(
            rel(cfg.image_encoder_path), attn_implementation="eager")
    except (TypeError, ValueError):
        image_encoder = CLIPVisionModelWithProjection.from_pretrained(rel(cfg.image_encoder_path))
    missing = denoising_unet.load_state_dict(torch.load(rel(cfg.denoising_unet_path), map_location="cpu"),
                                             strict=False)
    print("denoising_unet: %d missing, %d unexpected keys (PAC loads it with strict=False)"
          % (len(missing.missing_keys), len(missing.unexpected_keys)))
    reference_unet.load_state_dict(torch.load(rel(cfg.reference_unet_path), map_location="cpu"))
    obj_encoder.load_state_dict(torch.load(rel(cfg.obj_encoder_path), map_location="cpu"))
    cam_encoder.load_state_dict(torch.load(rel(cfg.cam_encoder_path), map_location="cpu"))
    models = [vae, reference_unet, denoising_unet, obj_encoder, cam_encoder, image_encoder]
    for m in models:
        m.to(device=device, dtype=torch.float32).eval().requires_grad_(False)
    # Only the transformer blocks' attn1 in slices (see the module doc); per
    # branch the reference UNet runs batch 1, the denoising UNet batch F.
    plan = set_attention({"reference_unet": reference_unet, "denoising_unet": denoising_unet},
                         SLICED_BLOCKS, args.attention_slice,
                         {"reference_unet.": 1, "denoising_unet.": Fr})
    set_attention({"vae": vae}, set(), 0, 1)

    sched = DDIMScheduler(**OmegaConf.to_container(infer_cfg.noise_scheduler_kwargs))
    prediction, schedule = schedule_from_scheduler(dict(sched.config))

    banks = Banks(msa, reference_unet, denoising_unet)
    banks.fp16 = args.bank_fp16

    g = torch.Generator().manual_seed(args.seed)
    ref_img = (torch.rand(1, 3, H, W, generator=g) * 255).round().to(device)
    cam_img = (torch.rand(Fr, 3, H, W, generator=g) * 255).round().to(device)
    obj_img = (torch.rand(Fr, 3, H, W, generator=g) * 255).round().to(device)
    x = torch.randn(Fr, 4, h, w, generator=g).to(device)

    cam_weights = {"pac": (PIL_L[2], PIL_L[1], PIL_L[0]), "rec601": PIL_L}[args.camera_gray]
    image_processor = CLIPImageProcessor()
    clip_size = 224  # the pipeline resizes to (224, 224) itself

    def trace(module, inputs):
        with torch.no_grad():
            return torch.jit.trace(module, inputs, check_trace=False)

    cond = {}
    encoders = {}
    print("exporting the encoders ...")
    specs = [("reference", RefLatentEncoder(vae), ref_img, [1, 4, h, w]),
             ("clip", ClipEncoder(image_encoder, image_processor.image_mean, image_processor.image_std,
                                  clip_size), ref_img, None)]
    if is_cam:
        specs.append(("camera", CameraEncoder(cam_encoder, cam_weights), cam_img, [1, 320, Fr, h, w]))
    if is_obj:
        specs.append(("object", ObjectEncoder(obj_encoder), obj_img, [1, 320, Fr, h, w]))
    for name, module, inp, expect in specs:
        module.eval()
        path = os.path.join(out, "enc_%s.pt" % name)
        traced = trace(module, (inp,))
        cond[name] = save_checked(traced, path, (inp,), module, args.rtol, device, expect)
        encoders[name] = os.path.basename(path)

    print("exporting the VAE ...")
    vae_enc = VaeEncoder(vae, Fr, args.vae_chunk).eval()
    vae_dec = VaeDecoder(vae, Fr, args.vae_chunk).eval()
    pix = torch.rand(Fr, 3, H, W, generator=g).to(device) * 2 - 1
    z = save_checked(trace(vae_enc, (pix,)), os.path.join(out, "vae_encoder.pt"), (pix,), vae_enc,
                     args.rtol, device, [Fr, 4, h, w])
    save_checked(trace(vae_dec, (z,)), os.path.join(out, "vae_decoder.pt"), (z,), vae_dec,
                 args.rtol, device, [Fr, 3, H, W])

    print("exporting the denoiser (tracing both UNets at %dx%dx%d; slow) ..." % (W, H, Fr))
    t = torch.tensor([999.0], device=device)
    feat = fuse_eager(cond, fusion)
    with_ref = WithReference(reference_unet, denoising_unet, banks).eval()
    without_ref = WithoutReference(denoising_unet, banks).eval()
    with torch.no_grad():
        eager_cond = with_ref(x, t, cond["reference"], cond["clip"], feat)
        eager_uncond = without_ref(x, t, torch.zeros_like(cond["clip"]), feat)
    traced_with = trace(with_ref, (x, t, cond["reference"], cond["clip"], feat))
    traced_without = trace(without_ref, (x, t, torch.zeros_like(cond["clip"]), feat))
    denoiser = torch.jit.script(PacDenoiser(traced_with, traced_without, fusion))
    path = os.path.join(out, "denoiser.pt")
    uncond = {k: (torch.zeros_like(v) if k in drop else v) for k, v in cond.items()}
    save_checked(denoiser, path, (x, t, cond), eager_cond, args.rtol, device, [Fr, 4, h, w])
    if set(drop) == {"clip", "reference"}:
        loaded = torch.jit.load(path, map_location=device)
        with torch.no_grad():
            compare("denoiser.pt (uncond)", loaded(x, t, uncond), eager_uncond, args.rtol)
        # A second noise level: the graph must not have baked c_noise.
        t2 = torch.tensor([420.5], device=device)
        with torch.no_grad():
            compare("denoiser.pt (c_noise 420.5)", loaded(x, t2, cond),
                    with_ref(x, t2, cond["reference"], cond["clip"], feat), args.rtol)
    size = os.path.getsize(path)
    params = param_bytes(reference_unet, denoising_unet)
    if size > 1.3 * params:
        print("WARNING: denoiser.pt is %.1f GB for %.1f GB of parameters: the two traced branches "
              "did not share the denoising UNet's weights" % (size / 1e9, params / 1e9), file=sys.stderr)

    bundle = {
        "name": args.name,
        "prediction": prediction,
        "schedule": schedule,
        "defaults": {"sampler": "ddim", "steps": steps, "eta": 0.0, "guidance": guidance},
        "size": {"width": W, "height": H, "frames": Fr},
        "latent": {"channels": 4, "downsample": 8, "scale": LATENT_SCALE},
        "modules": {"denoiser": "denoiser.pt", "vae_encoder": "vae_encoder.pt",
                    "vae_decoder": "vae_decoder.pt", "encoders": encoders},
        "conditions": dict({"reference": "reference_image", "clip": "reference_image"},
                           **({"camera": "camera_map"} if is_cam else {}),
                           **({"object": "object_map"} if is_obj else {})),
        "guidance_drop": {"uncond": drop},
        "controls": dict(({"camera_map": "pac"} if is_cam else {}),
                         **({"object_map": "pac"} if is_obj else {})),
    }
    info = {"source": "chen-yingjie/Perception-as-Control", "repo": repo, "config": rel(args.config),
            "inference_config": rel(args.inference_config or cfg.inference_config),
            "scheduler": dict(sched.config), "fusion_type": fusion, "is_obj": is_obj, "is_cam": is_cam,
            "camera_gray": args.camera_gray, "camera_gray_weights_rgb": cam_weights,
            "bank_fp16": args.bank_fp16, "attention_slice": args.attention_slice,
            "attention_sliced": sorted(n for n, v in plan.items() if v),
            "vae_chunk": args.vae_chunk, "traced_on": str(device),
            "cond_shapes": {k: list(v.shape) for k, v in cond.items()}}
    write_bundle(out, bundle, info)


if __name__ == "__main__":
    main()
