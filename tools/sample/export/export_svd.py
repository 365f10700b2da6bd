#!/usr/bin/env python3
"""Export Stable Video Diffusion img2vid, or PoseTraj (SVD + its trajectory
ControlNet), as a dolly model bundle.

Run it where the weights are (it is not run by the tests or CI, and dolly
never downloads models), in the export environment of tools/sample/README.md
(torch 1.13.1, diffusers 0.24, transformers 4.30), with >= 32 GB of RAM and,
for --device cuda, a GPU of >= 24 GB at 576x320x14:

    # stabilityai/stable-video-diffusion-img2vid (14 frames) or -img2vid-xt
    # (25 frames), diffusers layout
    python3 tools/sample/export/export_svd.py --model svd-img2vid --out models/svd \\
        --width 576 --height 320 --device cuda
    # PoseTraj: its checkout (github.com/robingg1/PoseTraj) and a ControlNet
    # checkpoint (the directory holding controlnet/), over the SVD img2vid
    # weights it was trained on
    python3 tools/sample/export/export_svd.py --model svd-img2vid --out models/posetraj \\
        --posetraj-repo PoseTraj --controlnet PoseTraj/model_out_vipseg_ft/checkpoint-100000

It writes, under --out:

    bundle.json              the bundle (libs/diffusion/bundle.h)
    denoiser.pt              forward(x [F,4,h,w] = c_in x, c_noise [1], cond) -> F_theta [F,4,h,w],
                             the UNet output as it is; cond {image_embeddings, image_latents}
                             (+ trajectory [F,3,H,W] 0..255 for PoseTraj)
    vae_encoder.pt           [F,3,H,W] in [-1,1] -> latent mode [F,4,h,w]
    vae_decoder.pt           latent / scaling_factor [F,4,h,w] -> [F,3,H,W] in [-1,1]
                             (AutoencoderKLTemporalDecoder.decode(z, num_frames=n) per chunk)
    enc_image_embeddings.pt  reference [1,3,H,W] 0..255 -> CLIP image_embeds [1,1,1024]
    enc_image_latents.pt     reference [1,3,H,W] 0..255 -> VAE mode of the noise-augmented
                             reference [1,4,h,w] (not scaled, as the pipeline)
    export_info.json         what was exported from what (dolly does not read it)

How the pieces map onto diffusers 0.24's StableVideoDiffusionPipeline.__call__:
  * image_embeddings = _encode_image(image): pil_to_numpy / numpy_to_pt
    ([0,1]), * 2 - 1, _resize_with_antialiasing to 224x224, (x + 1) / 2,
    feature_extractor(do_normalize=True, the rest off: CLIP mean / std),
    image_encoder(...).image_embeds.unsqueeze(1). The uncond branch uses
    torch.zeros_like(image_embeddings). (The pipeline resizes the image as
    given; dolly hands the encoder the reference already resized to the
    bundle's size, so the CLIP input differs slightly for other aspects.)
  * image_latents = _encode_vae_image(preprocess(image) + noise_aug_strength
    * noise): vae.encode(...).latent_dist.mode(), repeated over the frames
    and concatenated to the noisy latent on the channels (torch.cat(...,
    dim=2) of [B,F,C,h,w]); the uncond branch uses zeros_like. The denoiser
    does the repeat and the cat: cond["image_latents"] is [1,4,h,w]. The
    pipeline draws the augmentation noise per call; the encoder module holds
    one fixed draw (--noise-aug-seed), so runs stay reproducible.
  * added_time_ids = [fps - 1, motion_bucket_id, noise_aug_strength] (the
    pipeline passes fps - 1: SVD was conditioned on it), the same for both
    branches: a buffer of the denoiser, recorded as bundle "svd".
  So guidance_drop.uncond is ["image_embeddings", "image_latents"], and the
  per-frame guidance ramp (torch.linspace(min, max, num_frames)) is
  defaults.guidance {"min", "max"}.

PoseTraj (models/controlnet_sdv.py ControlNetSDVModel, models/
unet_spatio_temporal_condition_controlnet.py, pipeline/
pipeline_stable_video_diffusion_controlnet.py, scripts/
run_inference_vipseg_json_repro.py) never changes the SVD UNet: it loads
SVD's unet weights into UNetSpatioTemporalConditionControlNetModel (SVD's
UNet that adds the ControlNet residuals) and trains ControlNetSDVModel. Its
pipeline, per step:
    down, mid = controlnet(latent_model_input, t, encoder_hidden_states=image_embeddings,
                           controlnet_cond=maps, added_time_ids=..., conditioning_scale=1.0)
    noise_pred = unet(latent_model_input, t, encoder_hidden_states=image_embeddings,
                      down_block_additional_residuals=down, mid_block_additional_residual=mid,
                      added_time_ids=...)
with maps = VaeImageProcessor.preprocess(14 RGB maps) ([-1, 1]), [1,14,3,H,W],
torch.cat([maps] * 2): the same maps in both guidance branches. The
exported denoiser is that pair in one module with a "trajectory" condition
(kind trajectory_map, no encoder: dolly passes the maps as 0..255 and the
denoiser maps them to [-1, 1]). What else PoseTraj's pipeline does
differently from diffusers':
  * _encode_image takes [0,1] straight to _resize_with_antialiasing and the
    image encoder: no [-1,1] round trip, no CLIP mean / std normalisation
    (its training script normalises; its inference does not; the bundle
    follows the inference);
  * added_time_ids are rebuilt before the loop as [6, 128, 0.02] whatever
    fps / motion_bucket_id the call passes (the script passes 10);
  * defaults: 25 steps, guidance ramp 1.0 -> 3.0 (__call__'s defaults, which
    the script keeps), decode_chunk_size 8, 576x320, 14 frames;
    noise_aug_strength 0.02 for the reference too. The scheduler is the SVD
    checkpoint's EulerDiscreteScheduler (from_pretrained loads the class its
    scheduler_config names).

Preconditioning. The SVD scheduler (EulerDiscreteScheduler, scheduler_config:
prediction_type v_prediction, timestep_type continuous, use_karras_sigmas,
sigma_min 0.002, sigma_max 700) does
  scale_model_input: x / sqrt(sigma^2 + 1)                 = dolly's edm c_in (sigma_data 1)
  timesteps:         0.25 * ln(sigma)                      = dolly's edm c_noise
  step:              x0 = out * (-sigma / sqrt(sigma^2+1)) + x / (sigma^2 + 1)
dolly's edm is this preconditioning (c_skip = 1 / (sigma^2 + 1),
c_out = -sigma / sqrt(sigma^2 + 1), generative-models' VScalingWithEDMcNoise),
so the denoiser returns the UNet output unchanged and dolly's x0 is the
pipeline's (checked below against the scheduler's own step). Sigmas: Karras,
rho 7, from sigma_max down to sigma_min, then 0. The pipeline starts from
noise * init_noise_sigma = sqrt(sigma_max^2 + 1), dolly from noise *
sigma_max: 700.0007 vs 700.

Sampling defaults (SVD). diffusers' __call__ defaults to 25 steps and a
1.0 -> 3.0 ramp for every SVD; the bundle follows Stability AI's reference
sampler instead (generative-models, scripts/sampling/simple_video_sample.py
and configs/svd*.yaml, LinearPredictionGuider): 14 frames: 25 steps,
1.0 -> 2.5; 25 frames (xt): 30 steps, 1.5 -> 3.0; decoding 14 frames at a
time (its decoding_t). --steps, --min-guidance, --max-guidance and
--decode-chunk override them.

The traced modules have the bundle's sizes baked in (frames, height, width)
and the trace device in a few constants: a bundle traced with --device cpu
runs with dolly-sample --device cpu, one traced with --device cuda with
--device cuda. Every module is checked after export: reloaded with
torch.jit.load, its graph compared with LibTorch 1.13's operator list
(libtorch_1_13_ops.txt), run once on inputs of the bundle's sizes and
compared with the eager module.
"""
import argparse
import os
import sys
from typing import Dict

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bundle_common import (ExportError, compare, save_checked, set_attention,  # noqa: E402
                           add_check_args, prepare_output, write_bundle)

# Stability AI's reference sampling settings (generative-models,
# scripts/sampling/simple_video_sample.py and configs/svd.yaml, svd_xt.yaml).
SVD_DEFAULTS = {"steps": 25, "min_guidance": 1.0, "max_guidance": 2.5, "decode_chunk": 14}
SVD_XT_DEFAULTS = {"steps": 30, "min_guidance": 1.5, "max_guidance": 3.0, "decode_chunk": 14}
# PoseTraj's scripts/run_inference_vipseg_json_repro.py over its pipeline's
# __call__ defaults.
POSETRAJ_DEFAULTS = {"steps": 25, "min_guidance": 1.0, "max_guidance": 3.0, "decode_chunk": 8,
                     "width": 576, "height": 320, "frames": 14}
# The added_time_ids PoseTraj's pipeline builds before its loop, whatever it
# is called with: _get_add_time_ids(0.02, ..., 6, 128).
POSETRAJ_ADDED_TIME_IDS = [6.0, 128.0, 0.02]


def sampling_defaults(frames, posetraj):
    """Steps, guidance ramp and decode chunk for a bundle of `frames` frames."""
    if posetraj:
        return dict(POSETRAJ_DEFAULTS)
    return dict(SVD_XT_DEFAULTS if frames >= 25 else SVD_DEFAULTS)


def added_time_ids(fps, motion_bucket_id, noise_aug_strength, posetraj):
    """What the UNet receives: diffusers' _get_add_time_ids(fps - 1, ...);
    PoseTraj's fixed [6, 128, 0.02]."""
    if posetraj:
        return list(POSETRAJ_ADDED_TIME_IDS)
    return [float(fps - 1), float(motion_bucket_id), float(noise_aug_strength)]


# ---------------------------------------------------------------- encoders
class ClipEmbedding(nn.Module):
    """Reference 0..255 [1,3,H,W] -> image_embeds [1,1,D].
    normalize: diffusers' _encode_image ([-1,1] round trip around the resize,
    then CLIP mean / std); off: PoseTraj's ([0,1] straight in)."""

    def __init__(self, image_encoder, resize, mean, std, normalize):
        super().__init__()
        self.image_encoder = image_encoder
        self.resize = resize  # _resize_with_antialiasing
        self.normalize = normalize
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32).view(1, 3, 1, 1))

    def forward(self, image):
        x = image / 255.0
        if self.normalize:
            x = self.resize(x * 2.0 - 1.0, (224, 224))
            x = (x + 1.0) / 2.0
            x = (x - self.mean) / self.std
        else:
            x = self.resize(x, (224, 224))
        return self.image_encoder(pixel_values=x).image_embeds.unsqueeze(1)


class ImageLatents(nn.Module):
    """Reference 0..255 [1,3,H,W] -> vae.encode(image + aug * noise).latent_dist.mode().
    The buffer noise_aug_strength is what dolly-sample --check-bundle reads."""

    def __init__(self, vae, noise, strength):
        super().__init__()
        self.vae = vae
        self.register_buffer("noise", noise)
        self.register_buffer("noise_aug_strength", torch.tensor(float(strength)))

    def forward(self, image):
        x = image / 127.5 - 1.0
        x = x + self.noise_aug_strength * self.noise
        return self.vae.encode(x).latent_dist.mode()


class VaeEncoder(nn.Module):
    def __init__(self, vae, frames, chunk):
        super().__init__()
        self.vae = vae
        self.frames = frames
        self.chunk = chunk

    def forward(self, images):
        return torch.cat([self.vae.encode(images[i:i + self.chunk]).latent_dist.mode()
                          for i in range(0, self.frames, self.chunk)], dim=0)


class VaeDecoder(nn.Module):
    """decode_latents: vae.decode(z, num_frames=n) per chunk of decode_chunk
    frames (the last chunk may be shorter, as the pipeline's)."""

    def __init__(self, vae, frames, chunk):
        super().__init__()
        self.vae = vae
        self.frames = frames
        self.chunk = chunk
        self.register_buffer("decode_chunk", torch.tensor(int(chunk)))

    def forward(self, latents):
        parts = []
        for i in range(0, self.frames, self.chunk):
            z = latents[i:i + self.chunk]
            parts.append(self.vae.decode(z, num_frames=z.shape[0]).sample)
        return torch.cat(parts, dim=0)


# ---------------------------------------------------------------- denoiser
class SvdNet(nn.Module):
    """One branch: [x, image_latents repeated] on channels -> UNet -> its raw output."""

    def __init__(self, unet, time_ids, frames):
        super().__init__()
        self.unet = unet
        self.frames = frames
        self.register_buffer("added_time_ids", time_ids)

    def forward(self, x, c_noise, image_embeddings, image_latents):
        cond = image_latents.expand(self.frames, -1, -1, -1)
        sample = torch.cat([x, cond], dim=1).unsqueeze(0)  # [1,F,8,h,w]
        out = self.unet(sample, c_noise, encoder_hidden_states=image_embeddings,
                        added_time_ids=self.added_time_ids, return_dict=False)[0]
        return out[0]


class PoseTrajNet(nn.Module):
    """One branch of PoseTraj: ControlNetSDVModel on the trajectory maps, its
    residuals added inside UNetSpatioTemporalConditionControlNetModel."""

    def __init__(self, controlnet, unet, time_ids, frames, conditioning_scale=1.0):
        super().__init__()
        self.controlnet = controlnet
        self.unet = unet
        self.frames = frames
        self.conditioning_scale = conditioning_scale
        self.register_buffer("added_time_ids", time_ids)

    def forward(self, x, c_noise, image_embeddings, image_latents, trajectory):
        cond = image_latents.expand(self.frames, -1, -1, -1)
        sample = torch.cat([x, cond], dim=1).unsqueeze(0)  # [1,F,8,h,w]
        # VaeImageProcessor.preprocess: 0..255 -> [0,1] -> 2x - 1; [1,F,3,H,W].
        maps = (trajectory / 127.5 - 1.0).unsqueeze(0)
        down, mid = self.controlnet(sample, c_noise, encoder_hidden_states=image_embeddings,
                                    controlnet_cond=maps, added_time_ids=self.added_time_ids,
                                    conditioning_scale=self.conditioning_scale, guess_mode=False,
                                    return_dict=False)
        out = self.unet(sample, c_noise, encoder_hidden_states=image_embeddings,
                        down_block_additional_residuals=down, mid_block_additional_residual=mid,
                        added_time_ids=self.added_time_ids, return_dict=False)[0]
        return out[0]


class SvdDenoiser(nn.Module):
    """The bundle's denoiser: the dict interface around the traced SvdNet."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x: torch.Tensor, c_noise: torch.Tensor,
                cond: Dict[str, torch.Tensor]) -> torch.Tensor:
        return self.net(x, c_noise, cond["image_embeddings"], cond["image_latents"])


class PoseTrajDenoiser(nn.Module):
    """The bundle's denoiser: the dict interface around the traced PoseTrajNet."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x: torch.Tensor, c_noise: torch.Tensor,
                cond: Dict[str, torch.Tensor]) -> torch.Tensor:
        return self.net(x, c_noise, cond["image_embeddings"], cond["image_latents"],
                        cond["trajectory"])


# ---------------------------------------------------------------- flags
def build_parser():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True,
                   help="Stable Video Diffusion directory (diffusers layout: unet, vae, "
                        "image_encoder, feature_extractor, scheduler)")
    p.add_argument("--unet", help="UNetSpatioTemporalConditionModel directory replacing the model's "
                                  "(a fine-tune of the same architecture and inputs; not PoseTraj, "
                                  "see --controlnet)")
    p.add_argument("--posetraj-repo", help="PoseTraj checkout (imports models.controlnet_sdv and "
                                           "models.unet_spatio_temporal_condition_controlnet)")
    p.add_argument("--controlnet", help="PoseTraj ControlNet checkpoint: the directory holding "
                                        "--controlnet-subfolder (needs --posetraj-repo)")
    p.add_argument("--controlnet-subfolder", default="controlnet",
                   help="subfolder of --controlnet, as PoseTraj's inference script loads it")
    p.add_argument("--variant", help="weights variant to load (e.g. fp16)")
    p.add_argument("--out", required=True, help="bundle directory to write (created)")
    p.add_argument("--name", help="bundle name (default stable-video-diffusion, or posetraj)")
    p.add_argument("--device", default="cuda", help="trace device: the bundle runs there (cuda|cpu)")
    p.add_argument("--width", type=int, help="default 576 (PoseTraj's; SVD's native is 1024)")
    p.add_argument("--height", type=int, help="default 320 (PoseTraj's; SVD's native is 576)")
    p.add_argument("--frames", type=int, help="default: the UNet's num_frames (14, xt: 25); "
                                              "PoseTraj 14")
    p.add_argument("--steps", type=int, help="default: 25 (14 frames), 30 (25 frames), as "
                                             "generative-models; PoseTraj 25")
    p.add_argument("--min-guidance", type=float, help="default: 1.0 (14 frames), 1.5 (25 frames); "
                                                      "PoseTraj 1.0")
    p.add_argument("--max-guidance", type=float, help="default: 2.5 (14 frames), 3.0 (25 frames); "
                                                      "PoseTraj 3.0")
    p.add_argument("--fps", type=int, default=7, help="pipeline fps (added_time_ids get fps - 1; "
                                                      "PoseTraj ignores it: 6)")
    p.add_argument("--motion-bucket-id", type=int, default=127,
                   help="SVD only (PoseTraj's pipeline always uses 128)")
    p.add_argument("--noise-aug-strength", type=float, default=0.02)
    p.add_argument("--noise-aug-seed", type=int, default=0,
                   help="seed of the fixed augmentation noise baked into enc_image_latents.pt")
    p.add_argument("--decode-chunk", type=int, help="frames per VAE decode (default 14 as "
                                                    "generative-models' decoding_t; PoseTraj 8)")
    p.add_argument("--attention-slice", type=int, default=0,
                   help="slice the spatial self-attention (attn1 of BasicTransformerBlock) with "
                        "SlicedAttnProcessor of this size; it must divide frames x heads "
                        "(14 x 5 = 70 in SVD's first blocks). 0 = plain AttnProcessor everywhere")
    add_check_args(p)
    return p


def check_args(args):
    """Rules between flags, before anything is loaded."""
    posetraj = bool(args.controlnet)
    if posetraj and not args.posetraj_repo:
        raise ExportError("--controlnet needs --posetraj-repo (the ControlNet class is PoseTraj's)")
    if args.posetraj_repo and not posetraj:
        raise ExportError("--posetraj-repo needs --controlnet (the PoseTraj ControlNet checkpoint)")
    if posetraj and args.unet:
        raise ExportError("--unet and --controlnet: PoseTraj runs SVD's own UNet weights")
    if posetraj and args.motion_bucket_id != 127:
        raise ExportError("--motion-bucket-id: PoseTraj's pipeline always passes 128")
    for name in ("width", "height"):
        v = getattr(args, name)
        if v is not None and (v <= 0 or v % 8):
            raise ExportError("--%s %d: must be a positive multiple of 8" % (name, v))
    if args.attention_slice < 0:
        raise ExportError("--attention-slice must be >= 0")
    return posetraj


def main():
    args = build_parser().parse_args()
    posetraj = check_args(args)
    out, device = prepare_output(args)

    from diffusers import AutoencoderKLTemporalDecoder, EulerDiscreteScheduler
    from diffusers.models.attention import BasicTransformerBlock
    from diffusers.pipelines.stable_video_diffusion import pipeline_stable_video_diffusion as svd_mod
    from transformers import CLIPImageProcessor, CLIPVisionModelWithProjection
    resize = getattr(svd_mod, "_resize_with_antialiasing", None)
    if resize is None:
        raise ExportError("this diffusers has no pipeline_stable_video_diffusion."
                          "_resize_with_antialiasing (export with diffusers 0.24)")

    kw = {"torch_dtype": torch.float32}
    if args.variant:
        kw["variant"] = args.variant
    print("loading %s ..." % args.model)
    controlnet = None
    if posetraj:
        sys.path.insert(0, os.path.abspath(args.posetraj_repo))
        # As scripts/run_inference_vipseg_json_repro.py loads them.
        from models.controlnet_sdv import ControlNetSDVModel
        from models.unet_spatio_temporal_condition_controlnet import \
            UNetSpatioTemporalConditionControlNetModel
        controlnet = ControlNetSDVModel.from_pretrained(
            args.controlnet, subfolder=args.controlnet_subfolder, torch_dtype=torch.float32)
        unet = UNetSpatioTemporalConditionControlNetModel.from_pretrained(
            args.model, subfolder="unet", **kw)
    else:
        from diffusers import UNetSpatioTemporalConditionModel
        if args.unet:
            unet = UNetSpatioTemporalConditionModel.from_pretrained(args.unet, torch_dtype=torch.float32)
        else:
            unet = UNetSpatioTemporalConditionModel.from_pretrained(args.model, subfolder="unet", **kw)
    vae = AutoencoderKLTemporalDecoder.from_pretrained(args.model, subfolder="vae", **kw)
    try:  # transformers >= 4.36 would otherwise pick SDPA attention
        image_encoder = CLIPVisionModelWithProjection.from_pretrained(
            args.model, subfolder="image_encoder", attn_implementation="eager", **kw)
    except (TypeError, ValueError):
        image_encoder = CLIPVisionModelWithProjection.from_pretrained(
            args.model, subfolder="image_encoder", **kw)
    feature_extractor = CLIPImageProcessor.from_pretrained(args.model, subfolder="feature_extractor")
    scheduler = EulerDiscreteScheduler.from_pretrained(args.model, subfolder="scheduler")
    nets = [m for m in (unet, controlnet, vae, image_encoder) if m is not None]
    for m in nets:
        m.to(device=device, dtype=torch.float32).eval().requires_grad_(False)

    # Schedule, from the scheduler the pipeline samples with.
    sc = dict(scheduler.config)
    if sc.get("prediction_type") != "v_prediction" or sc.get("timestep_type", "discrete") != "continuous":
        raise ExportError("scheduler %s / %s: expected SVD's v_prediction with continuous "
                          "timesteps (EDM scalings); nothing else maps onto dolly's edm"
                          % (sc.get("prediction_type"), sc.get("timestep_type")))
    if not sc.get("use_karras_sigmas", False):
        print("WARNING: the scheduler does not use Karras sigmas; the bundle does", file=sys.stderr)
    sigma_min = float(sc.get("sigma_min") or 0.002)
    sigma_max = float(sc.get("sigma_max") or 700.0)

    if posetraj:
        W = args.width or POSETRAJ_DEFAULTS["width"]
        H = args.height or POSETRAJ_DEFAULTS["height"]
        Fr = args.frames or POSETRAJ_DEFAULTS["frames"]
    else:
        W, H = args.width or 576, args.height or 320
        Fr = args.frames or int(unet.config.num_frames)
    d = sampling_defaults(Fr, posetraj)
    steps = args.steps or d["steps"]
    min_guidance = args.min_guidance if args.min_guidance is not None else d["min_guidance"]
    max_guidance = args.max_guidance if args.max_guidance is not None else d["max_guidance"]
    chunk = min(args.decode_chunk or d["decode_chunk"], Fr)
    down = 2 ** (len(vae.config.block_out_channels) - 1)
    h, w = H // down, W // down
    C = int(unet.config.out_channels)
    if int(unet.config.in_channels) != 2 * C:
        raise ExportError("the UNet takes %d channels, expected 2 x %d (noisy latent + image latent)"
                          % (unet.config.in_channels, C))
    scale = float(vae.config.scaling_factor)
    time_ids = added_time_ids(args.fps, 128 if posetraj else args.motion_bucket_id,
                              args.noise_aug_strength, posetraj)
    time_ids_t = torch.tensor([time_ids])
    expected = unet.add_embedding.linear_1.in_features
    got = unet.config.addition_time_embed_dim * len(time_ids)
    if expected != got:
        raise ExportError("the UNet expects %d added time features, 3 ids give %d" % (expected, got))
    time_ids_t = time_ids_t.to(device)
    if posetraj and abs(args.noise_aug_strength - POSETRAJ_ADDED_TIME_IDS[2]) > 1e-12:
        print("WARNING: --noise-aug-strength %g augments the reference, but PoseTraj's "
              "added_time_ids keep 0.02" % args.noise_aug_strength, file=sys.stderr)

    # Attention: the spatial transformer blocks' attn1 of the UNet (and the
    # ControlNet) in slices when asked, plain AttnProcessor everywhere else.
    # Per branch the UNet sees batch F: rows = F x heads.
    models = {"unet": unet}
    if controlnet is not None:
        models["controlnet"] = controlnet
    plan = set_attention(models, {BasicTransformerBlock.__name__}, args.attention_slice, Fr)
    set_attention({"vae": vae}, set(), 0, 1)

    g = torch.Generator().manual_seed(args.seed)
    ref_img = (torch.rand(1, 3, H, W, generator=g) * 255).round().to(device)
    x = torch.randn(Fr, C, h, w, generator=g).to(device)
    aug_noise = torch.randn(1, 3, H, W, generator=torch.Generator().manual_seed(args.noise_aug_seed))
    traj = torch.zeros(Fr, 3, H, W)
    # A red segment and a green dot on black, as a posetraj map.
    traj[:Fr - 1, 0, H // 2 - 1:H // 2 + 2, W // 4:W // 2] = 255.0
    traj[:Fr - 1, 1, H // 2 - 3:H // 2 + 4, W // 2 - 3:W // 2 + 4] = 255.0
    traj = traj.to(device)

    def trace(module, inputs):
        with torch.no_grad():
            return torch.jit.trace(module, inputs, check_trace=False)

    print("exporting the encoders ...")
    clip_enc = ClipEmbedding(image_encoder, resize, feature_extractor.image_mean,
                             feature_extractor.image_std, normalize=not posetraj).eval()
    lat_enc = ImageLatents(vae, aug_noise.to(device), args.noise_aug_strength).eval()
    cond = {}
    cond["image_embeddings"] = save_checked(trace(clip_enc, (ref_img,)),
                                            os.path.join(out, "enc_image_embeddings.pt"), (ref_img,),
                                            clip_enc, args.rtol, device)
    cond["image_latents"] = save_checked(trace(lat_enc, (ref_img,)),
                                         os.path.join(out, "enc_image_latents.pt"), (ref_img,),
                                         lat_enc, args.rtol, device, [1, C, h, w])

    print("exporting the VAE (decoding %d frames at a time) ..." % chunk)
    vae_enc = VaeEncoder(vae, Fr, 1).eval()
    vae_dec = VaeDecoder(vae, Fr, chunk).eval()
    pix = torch.rand(Fr, 3, H, W, generator=g).to(device) * 2 - 1
    z = save_checked(trace(vae_enc, (pix,)), os.path.join(out, "vae_encoder.pt"), (pix,), vae_enc,
                     args.rtol, device, [Fr, C, h, w])
    save_checked(trace(vae_dec, (z,)), os.path.join(out, "vae_decoder.pt"), (z,), vae_dec,
                 args.rtol, device, [Fr, 3, H, W])

    print("exporting the denoiser at %dx%dx%d ..." % (W, H, Fr))
    if posetraj:
        cond["trajectory"] = traj
        net = PoseTrajNet(controlnet, unet, time_ids_t, Fr).eval()
        names = ("image_embeddings", "image_latents", "trajectory")
        wrapper = PoseTrajDenoiser
    else:
        net = SvdNet(unet, time_ids_t, Fr).eval()
        names = ("image_embeddings", "image_latents")
        wrapper = SvdDenoiser
    drop = ["image_embeddings", "image_latents"]
    uncond = {k: (torch.zeros_like(v) if k in drop else v) for k, v in cond.items()}

    def run(c_noise, c):
        return net(x, c_noise, *[c[k] for k in names])

    c_noise = torch.tensor([0.25 * torch.log(torch.tensor(sigma_max)).item()], device=device)
    c_noise2 = torch.tensor([0.25 * torch.log(torch.tensor(1.5)).item()], device=device)
    with torch.no_grad():
        eager = run(c_noise, cond)
        eager2 = run(c_noise2, cond)
        eager_uncond = run(c_noise, uncond)
    denoiser = torch.jit.script(wrapper(trace(net, (x, c_noise) + tuple(cond[k] for k in names))))
    path = os.path.join(out, "denoiser.pt")
    save_checked(denoiser, path, (x, c_noise, cond), eager, args.rtol, device, [Fr, C, h, w])
    loaded = torch.jit.load(path, map_location=device)
    with torch.no_grad():
        compare("denoiser.pt (uncond)", loaded(x, c_noise, uncond), eager_uncond, args.rtol)
        compare("denoiser.pt (sigma 1.5)", loaded(x, c_noise2, cond), eager2, args.rtol)
        if posetraj:
            # The maps must reach the ControlNet: other maps, another output.
            moved = dict(cond, trajectory=torch.flip(traj, dims=[3]))
            diff = (loaded(x, c_noise2, moved) - eager2).abs().max().item()
            print("  denoiser.pt: moving the trajectory changes the output by %.3g" % diff)
            if diff == 0.0:
                print("WARNING: the output does not depend on the trajectory maps (an untrained "
                      "ControlNet has zero output convolutions)", file=sys.stderr)
    # The preconditioning against the pipeline's own scheduler: one Euler step's
    # x0 estimate (pred_original_sample) at a middle noise level, from the raw
    # UNet output, vs dolly's edm formula around the reloaded denoiser.
    scheduler.set_timesteps(steps, device=device)
    i = steps // 2
    sig = float(scheduler.sigmas[i])
    t_i = scheduler.timesteps[i]
    if abs(float(t_i) - 0.25 * float(torch.log(torch.tensor(sig)))) > 1e-4:
        raise ExportError("scheduler timestep %g is not 0.25 ln sigma (sigma %g)" % (float(t_i), sig))
    x5 = x.unsqueeze(0)
    with torch.no_grad():
        model_in = scheduler.scale_model_input(x5, t_i)  # x / sqrt(sigma^2 + 1)
        raw = net(model_in[0], t_i.reshape(1).to(device), *[cond[k] for k in names]).unsqueeze(0)
        x0_diffusers = scheduler.step(raw, t_i, x5).pred_original_sample[0]
        c_in = 1.0 / (sig ** 2 + 1.0) ** 0.5
        c_skip = 1.0 / (sig ** 2 + 1.0)
        c_out = -sig / (sig ** 2 + 1.0) ** 0.5
        c_noise_i = torch.tensor([0.25 * float(torch.log(torch.tensor(sig)))], device=device)
        x0_dolly = c_skip * x + c_out * loaded(x * c_in, c_noise_i, cond)
        compare("x0: dolly edm vs scheduler", x0_dolly, x0_diffusers.to(x0_dolly.dtype), args.rtol)
    print("sigma %g: c_in %g, c_noise %g (scheduler timestep %g)" % (sig, c_in, float(c_noise_i), float(t_i)))

    conditions = {"image_embeddings": "reference_image", "image_latents": "reference_image"}
    if posetraj:
        conditions["trajectory"] = "trajectory_map"
    bundle = {
        "name": args.name or ("posetraj" if posetraj else "stable-video-diffusion"),
        "prediction": "edm",
        "schedule": {"type": "karras", "sigma_min": sigma_min, "sigma_max": sigma_max, "rho": 7.0,
                     "sigma_data": 1.0},
        "defaults": {"sampler": "euler", "steps": steps, "eta": 0.0,
                     "guidance": {"min": min_guidance, "max": max_guidance}},
        "size": {"width": W, "height": H, "frames": Fr},
        "latent": {"channels": C, "downsample": down, "scale": scale},
        "modules": {"denoiser": "denoiser.pt", "vae_encoder": "vae_encoder.pt",
                    "vae_decoder": "vae_decoder.pt",
                    "encoders": {"image_embeddings": "enc_image_embeddings.pt",
                                 "image_latents": "enc_image_latents.pt"}},
        "conditions": conditions,
        "guidance_drop": {"uncond": drop},
        "svd": {"added_time_ids": time_ids, "noise_aug_strength": args.noise_aug_strength,
                "decode_chunk": chunk},
    }
    if posetraj:
        bundle["controls"] = {"trajectory_map": "posetraj"}
    info = {"source": "PoseTraj (ControlNetSDVModel + UNetSpatioTemporalConditionControlNetModel)"
                      if posetraj else "diffusers StableVideoDiffusionPipeline",
            "model": os.path.abspath(args.model),
            "unet": os.path.abspath(args.unet) if args.unet else None,
            "controlnet": os.path.abspath(args.controlnet) if posetraj else None,
            "posetraj_repo": os.path.abspath(args.posetraj_repo) if posetraj else None,
            "scheduler": sc, "added_time_ids": time_ids,
            "clip_normalisation": not posetraj,
            "noise_aug_strength": args.noise_aug_strength, "noise_aug_seed": args.noise_aug_seed,
            "decode_chunk": chunk, "attention_slice": args.attention_slice,
            "attention_sliced": sorted(n for n, v in plan.items() if v), "traced_on": str(device),
            "output": "the UNet output unchanged (dolly edm: c_out = -sigma / sqrt(sigma^2 + 1), "
                      "as the scheduler's v_prediction step)",
            "cond_shapes": {k: list(v.shape) for k, v in cond.items()}}
    write_bundle(out, bundle, info)


if __name__ == "__main__":
    main()
