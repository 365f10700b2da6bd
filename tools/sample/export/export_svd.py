#!/usr/bin/env python3
"""Export Stable Video Diffusion img2vid (diffusers) as a dolly model bundle.

Run it where the weights are (it is not run by the tests or CI, and dolly
never downloads models), with diffusers >= 0.24 and transformers, on a machine
with a CUDA GPU of >= 24 GB at 576x320x14 (>= 48 GB at 1024x576, or use
--attention-slice) and >= 32 GB of RAM:

    # a local copy of stabilityai/stable-video-diffusion-img2vid (14 frames)
    # or -img2vid-xt (25 frames), in diffusers layout
    python3 tools/sample/export/export_svd.py --model svd-img2vid --out models/svd \\
        --width 576 --height 320 --frames 14 --device cuda
    # a fine-tuned UNet (e.g. PoseTraj, 576x320x14) over the same base:
    python3 tools/sample/export/export_svd.py --model svd-img2vid --unet posetraj/unet \\
        --out models/posetraj --width 576 --height 320 --frames 14

It writes, under --out:

    bundle.json              the bundle (libs/diffusion/bundle.h)
    denoiser.pt              forward(x [F,4,h,w] = c_in x, c_noise [1],
                                     cond {image_embeddings, image_latents}) -> -F_theta [F,4,h,w]
    vae_encoder.pt           [F,3,H,W] in [-1,1] -> latent mode [F,4,h,w]
    vae_decoder.pt           latent / scaling_factor [F,4,h,w] -> [F,3,H,W] in [-1,1]
                             (AutoencoderKLTemporalDecoder.decode(z, num_frames=F))
    enc_image_embeddings.pt  reference [1,3,H,W] 0..255 -> CLIP image_embeds [1,1,1024]
    enc_image_latents.pt     reference [1,3,H,W] 0..255 -> VAE mode of the noise-augmented
                             reference [1,4,h,w] (not scaled, as the pipeline)
    export_info.json         what was exported from what (dolly does not read it)

How the pieces map onto StableVideoDiffusionPipeline.__call__ (diffusers):
  * image_embeddings = _encode_image(image): [-1,1], _resize_with_antialiasing
    to 224x224, back to [0,1], CLIP normalisation (feature_extractor mean/std),
    image_encoder(...).image_embeds.unsqueeze(1). The uncond branch uses
    torch.zeros_like(image_embeddings). (The pipeline resizes the image as
    given to 224x224; dolly hands the encoder the reference already resized to
    the bundle's size, so the CLIP input differs slightly for other aspects.)
  * image_latents = _encode_vae_image(image + noise_aug_strength * noise):
    vae.encode(...).latent_dist.mode(), repeated over the frames and
    concatenated to the noisy latent on the channels (torch.cat(..., dim=2) of
    [B,F,C,h,w]); the uncond branch uses torch.zeros_like(image_latents). The
    denoiser does the repeat and the cat: cond["image_latents"] is [1,4,h,w].
    The pipeline draws the augmentation noise per call; the encoder module
    holds one fixed draw (--noise-aug-seed), so runs stay reproducible.
  * added_time_ids = [fps - 1, motion_bucket_id, noise_aug_strength] (the
    pipeline passes fps - 1: SVD was conditioned on it), the same for both
    branches: a buffer of the denoiser, set from --fps, --motion-bucket-id,
    --noise-aug-strength.
  So guidance_drop.uncond is ["image_embeddings", "image_latents"], and the
  per-frame guidance ramp (torch.linspace(min_guidance_scale,
  max_guidance_scale, num_frames)) is defaults.guidance {"min", "max"}.

Preconditioning. The pipeline's EulerDiscreteScheduler (SVD's
scheduler_config: prediction_type v_prediction, timestep_type continuous,
use_karras_sigmas, sigma_min 0.002, sigma_max 700) does
  scale_model_input: x / sqrt(sigma^2 + 1)                 = dolly's edm c_in (sigma_data 1)
  timesteps:         0.25 * ln(sigma)                      = dolly's edm c_noise
  step:              x0 = out * (-sigma / sqrt(sigma^2+1)) + x / (sigma^2 + 1)
dolly's edm is this preconditioning (c_skip = 1 / (sigma^2 + 1),
c_out = -sigma / sqrt(sigma^2 + 1), generative-models' VScalingWithEDMcNoise),
so the denoiser returns the UNet output as it is and dolly's x0 is the
pipeline's. Sigmas: Karras, rho 7,
from sigma_max down to sigma_min, then 0 (dolly's karras schedule). The
pipeline starts from noise * init_noise_sigma = sqrt(sigma_max^2 + 1), dolly
from noise * sigma_max: 700.0007 vs 700.

The traced modules have the bundle's sizes baked in (frames, height, width)
and the trace device in a few constants: trace with --device cuda for
`dolly-sample --device cuda`. Every module is checked after export: reloaded
with torch.jit.load, its graph scanned for operators LibTorch 1.13 lacks, run
once on inputs of the bundle's sizes and compared with the eager module.
"""
import argparse
import os
import sys
from typing import Dict

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bundle_common import (compare, save_checked, use_classic_attention,  # noqa: E402
                           add_check_args, prepare_output, write_bundle)


class ClipEmbedding(nn.Module):
    """Reference 0..255 [1,3,H,W] -> image_embeds [1,1,D], as _encode_image does
    for a tensor image in [0,1] (pil_to_numpy / numpy_to_pt give that)."""

    def __init__(self, image_encoder, resize, mean, std):
        super().__init__()
        self.image_encoder = image_encoder
        self.resize = resize  # diffusers' _resize_with_antialiasing
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32).view(1, 3, 1, 1))

    def forward(self, image):
        x = image / 255.0 * 2.0 - 1.0
        x = self.resize(x, (224, 224))
        x = (x + 1.0) / 2.0
        x = (x - self.mean) / self.std  # feature_extractor(do_normalize=True, the rest off)
        return self.image_encoder(pixel_values=x).image_embeds.unsqueeze(1)


class ImageLatents(nn.Module):
    """Reference 0..255 [1,3,H,W] -> vae.encode(image + aug * noise).latent_dist.mode()."""

    def __init__(self, vae, noise, strength):
        super().__init__()
        self.vae = vae
        self.strength = strength
        self.register_buffer("noise", noise)

    def forward(self, image):
        x = image / 127.5 - 1.0
        x = x + self.strength * self.noise
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
    """decode_latents: vae.decode(z, num_frames=chunk) per chunk (the pipeline's
    decode_chunk_size; None there = all frames at once)."""

    def __init__(self, vae, frames, chunk):
        super().__init__()
        self.vae = vae
        self.frames = frames
        self.chunk = chunk

    def forward(self, latents):
        parts = []
        for i in range(0, self.frames, self.chunk):
            z = latents[i:i + self.chunk]
            parts.append(self.vae.decode(z, num_frames=z.shape[0]).sample)
        return torch.cat(parts, dim=0)


class SvdNet(nn.Module):
    """One branch: [x, image_latents repeated] on channels -> UNet -> output."""

    def __init__(self, unet, added_time_ids, frames):
        super().__init__()
        self.unet = unet
        self.frames = frames
        self.register_buffer("added_time_ids", added_time_ids)

    def forward(self, x, c_noise, image_embeddings, image_latents):
        cond = image_latents.expand(self.frames, -1, -1, -1)
        sample = torch.cat([x, cond], dim=1).unsqueeze(0)  # [1,F,8,h,w]
        out = self.unet(sample, c_noise, encoder_hidden_states=image_embeddings,
                        added_time_ids=self.added_time_ids, return_dict=False)[0]
        # diffusers' v_prediction step and dolly's edm both use
        # c_out = -sigma / sqrt(sigma^2 + 1): the raw output is the prediction.
        return out[0]


class SvdDenoiser(nn.Module):
    """The bundle's denoiser: the dict interface around the traced SvdNet."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x: torch.Tensor, c_noise: torch.Tensor,
                cond: Dict[str, torch.Tensor]) -> torch.Tensor:
        return self.net(x, c_noise, cond["image_embeddings"], cond["image_latents"])


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True,
                   help="StableVideoDiffusionPipeline directory (diffusers layout: unet, vae, "
                        "image_encoder, feature_extractor, scheduler)")
    p.add_argument("--unet", help="UNetSpatioTemporalConditionModel directory replacing the model's "
                                  "(a fine-tune with the same inputs)")
    p.add_argument("--variant", help="weights variant to load (e.g. fp16)")
    p.add_argument("--out", required=True, help="bundle directory to write (created)")
    p.add_argument("--name", default="stable-video-diffusion")
    p.add_argument("--device", default="cuda", help="trace device: the bundle runs there (cuda|cpu)")
    p.add_argument("--width", type=int, default=576)
    p.add_argument("--height", type=int, default=320)
    p.add_argument("--frames", type=int, help="default: the UNet's num_frames (14, xt: 25)")
    p.add_argument("--steps", type=int, default=25, help="pipeline default num_inference_steps")
    p.add_argument("--min-guidance", type=float, default=1.0)
    p.add_argument("--max-guidance", type=float, default=3.0)
    p.add_argument("--fps", type=int, default=7, help="pipeline fps (added_time_ids get fps - 1)")
    p.add_argument("--motion-bucket-id", type=int, default=127)
    p.add_argument("--noise-aug-strength", type=float, default=0.02)
    p.add_argument("--noise-aug-seed", type=int, default=0,
                   help="seed of the fixed augmentation noise baked into enc_image_latents.pt")
    p.add_argument("--decode-chunk", type=int, help="frames per VAE decode (default: all frames, "
                                                    "the pipeline's default)")
    p.add_argument("--attention-slice", type=int, default=0,
                   help="SlicedAttnProcessor slice size (0 = classic AttnProcessor)")
    add_check_args(p)
    args = p.parse_args()

    out, device = prepare_output(args)

    from diffusers import StableVideoDiffusionPipeline, UNetSpatioTemporalConditionModel
    from diffusers.pipelines.stable_video_diffusion import pipeline_stable_video_diffusion as svd_mod
    resize = getattr(svd_mod, "_resize_with_antialiasing", None)
    if resize is None:
        sys.exit("this diffusers has no pipeline_stable_video_diffusion._resize_with_antialiasing")

    kw = {"torch_dtype": torch.float32}
    if args.variant:
        kw["variant"] = args.variant
    print("loading %s ..." % args.model)
    pipe = StableVideoDiffusionPipeline.from_pretrained(args.model, **kw)
    if args.unet:
        pipe.unet = UNetSpatioTemporalConditionModel.from_pretrained(args.unet, torch_dtype=torch.float32)
    unet, vae, image_encoder = pipe.unet, pipe.vae, pipe.image_encoder
    for m in (unet, vae, image_encoder):
        m.to(device=device, dtype=torch.float32).eval().requires_grad_(False)
    n = use_classic_attention(unet, args.attention_slice) + use_classic_attention(vae, 0)
    print("attention layers set to classic processors: %d" % n)
    if getattr(image_encoder.config, "_attn_implementation", "eager") not in ("eager", None):
        # transformers >= 4.36 may have picked SDPA: reload the encoder eagerly.
        from transformers import CLIPVisionModelWithProjection
        image_encoder = CLIPVisionModelWithProjection.from_pretrained(
            os.path.join(args.model, "image_encoder"), attn_implementation="eager",
            torch_dtype=torch.float32).to(device).eval().requires_grad_(False)

    # Schedule, from the scheduler the pipeline samples with.
    sc = dict(pipe.scheduler.config)
    if sc.get("prediction_type") != "v_prediction" or sc.get("timestep_type", "discrete") != "continuous":
        sys.exit("scheduler %s / %s: expected SVD's v_prediction with continuous timesteps (EDM "
                 "scalings); nothing else maps onto dolly's edm" % (sc.get("prediction_type"),
                                                                  sc.get("timestep_type")))
    if not sc.get("use_karras_sigmas", False):
        print("WARNING: the scheduler does not use Karras sigmas; the bundle does", file=sys.stderr)
    sigma_min = float(sc.get("sigma_min") or 0.002)
    sigma_max = float(sc.get("sigma_max") or 700.0)

    W, H = args.width, args.height
    if W % 8 or H % 8:
        sys.exit("width and height must be multiples of 8 (64 is safer for the UNet)")
    Fr = args.frames or int(unet.config.num_frames)
    down = 2 ** (len(vae.config.block_out_channels) - 1)
    h, w = H // down, W // down
    C = int(unet.config.out_channels)
    if int(unet.config.in_channels) != 2 * C:
        sys.exit("the UNet takes %d channels, expected 2 x %d (noisy latent + image latent)"
                 % (unet.config.in_channels, C))
    scale = float(vae.config.scaling_factor)
    # _get_add_time_ids: [fps, motion_bucket_id, noise_aug_strength] with fps = fps - 1.
    add_time_ids = torch.tensor([[float(args.fps - 1), float(args.motion_bucket_id),
                                  float(args.noise_aug_strength)]])
    expected = unet.add_embedding.linear_1.in_features
    got = unet.config.addition_time_embed_dim * add_time_ids.shape[1]
    if expected != got:
        sys.exit("the UNet expects %d added time features, 3 ids give %d" % (expected, got))
    add_time_ids = add_time_ids.to(device)

    g = torch.Generator().manual_seed(args.seed)
    ref_img = (torch.rand(1, 3, H, W, generator=g) * 255).round().to(device)
    x = torch.randn(Fr, C, h, w, generator=g).to(device)
    aug_noise = torch.randn(1, 3, H, W, generator=torch.Generator().manual_seed(args.noise_aug_seed))

    def trace(module, inputs):
        with torch.no_grad():
            return torch.jit.trace(module, inputs, check_trace=False)

    print("exporting the encoders ...")
    fe = pipe.feature_extractor
    clip_enc = ClipEmbedding(image_encoder, resize, fe.image_mean, fe.image_std).eval()
    lat_enc = ImageLatents(vae, aug_noise.to(device), args.noise_aug_strength).eval()
    cond = {}
    cond["image_embeddings"] = save_checked(trace(clip_enc, (ref_img,)),
                                            os.path.join(out, "enc_image_embeddings.pt"), (ref_img,),
                                            clip_enc, args.rtol, device)
    cond["image_latents"] = save_checked(trace(lat_enc, (ref_img,)),
                                         os.path.join(out, "enc_image_latents.pt"), (ref_img,),
                                         lat_enc, args.rtol, device, [1, C, h, w])

    print("exporting the VAE ...")
    chunk = args.decode_chunk or Fr
    vae_enc = VaeEncoder(vae, Fr, 1).eval()
    vae_dec = VaeDecoder(vae, Fr, chunk).eval()
    pix = torch.rand(Fr, 3, H, W, generator=g).to(device) * 2 - 1
    z = save_checked(trace(vae_enc, (pix,)), os.path.join(out, "vae_encoder.pt"), (pix,), vae_enc,
                     args.rtol, device, [Fr, C, h, w])
    save_checked(trace(vae_dec, (z,)), os.path.join(out, "vae_decoder.pt"), (z,), vae_dec,
                 args.rtol, device, [Fr, 3, H, W])

    print("exporting the denoiser at %dx%dx%d ..." % (W, H, Fr))
    net = SvdNet(unet, add_time_ids, Fr).eval()
    c_noise = torch.tensor([0.25 * torch.log(torch.tensor(sigma_max)).item()], device=device)
    sigma = 1.5
    c_noise2 = torch.tensor([0.25 * torch.log(torch.tensor(sigma)).item()], device=device)
    args_cond = (x, c_noise, cond["image_embeddings"], cond["image_latents"])
    with torch.no_grad():
        eager = net(*args_cond)
        eager2 = net(x, c_noise2, cond["image_embeddings"], cond["image_latents"])
        eager_uncond = net(x, c_noise, torch.zeros_like(cond["image_embeddings"]),
                           torch.zeros_like(cond["image_latents"]))
    denoiser = torch.jit.script(SvdDenoiser(trace(net, args_cond)))
    path = os.path.join(out, "denoiser.pt")
    save_checked(denoiser, path, (x, c_noise, cond), eager, args.rtol, device, [Fr, C, h, w])
    loaded = torch.jit.load(path, map_location=device)
    uncond = {k: torch.zeros_like(v) for k, v in cond.items()}
    with torch.no_grad():
        compare("denoiser.pt (uncond)", loaded(x, c_noise, uncond), eager_uncond, args.rtol)
        compare("denoiser.pt (sigma 1.5)", loaded(x, c_noise2, cond), eager2, args.rtol)
    # The preconditioning against the pipeline's own scheduler: one Euler step's
    # x0 estimate (pred_original_sample) at a middle noise level, from the raw
    # UNet output, vs dolly's edm formula around the reloaded denoiser.
    sch = pipe.scheduler
    sch.set_timesteps(args.steps, device=device)
    i = args.steps // 2
    sig = float(sch.sigmas[i])
    t_i = sch.timesteps[i]
    if abs(float(t_i) - 0.25 * float(torch.log(torch.tensor(sig)))) > 1e-4:
        sys.exit("scheduler timestep %g is not 0.25 ln sigma (sigma %g)" % (float(t_i), sig))
    x5 = x.unsqueeze(0)
    with torch.no_grad():
        model_in = sch.scale_model_input(x5, t_i)  # x / sqrt(sigma^2 + 1)
        raw = net(model_in[0], t_i.reshape(1).to(device), cond["image_embeddings"],
                   cond["image_latents"]).unsqueeze(0)
        x0_diffusers = sch.step(raw, t_i, x5).pred_original_sample[0]
        c_in = 1.0 / (sig ** 2 + 1.0) ** 0.5
        c_skip = 1.0 / (sig ** 2 + 1.0)
        c_out = -sig / (sig ** 2 + 1.0) ** 0.5
        c_noise_i = torch.tensor([0.25 * float(torch.log(torch.tensor(sig)))], device=device)
        x0_dolly = c_skip * x + c_out * loaded(x * c_in, c_noise_i, cond)
        compare("x0: dolly edm vs scheduler", x0_dolly, x0_diffusers.to(x0_dolly.dtype), args.rtol)
    print("sigma %g: c_in %g, c_noise %g (scheduler timestep %g)" % (sig, c_in, float(c_noise_i), float(t_i)))

    bundle = {
        "name": args.name,
        "prediction": "edm",
        "schedule": {"type": "karras", "sigma_min": sigma_min, "sigma_max": sigma_max, "rho": 7.0,
                     "sigma_data": 1.0},
        "defaults": {"sampler": "euler", "steps": args.steps, "eta": 0.0,
                     "guidance": {"min": args.min_guidance, "max": args.max_guidance}},
        "size": {"width": W, "height": H, "frames": Fr},
        "latent": {"channels": C, "downsample": down, "scale": scale},
        "modules": {"denoiser": "denoiser.pt", "vae_encoder": "vae_encoder.pt",
                    "vae_decoder": "vae_decoder.pt",
                    "encoders": {"image_embeddings": "enc_image_embeddings.pt",
                                 "image_latents": "enc_image_latents.pt"}},
        "conditions": {"image_embeddings": "reference_image", "image_latents": "reference_image"},
        "guidance_drop": {"uncond": ["image_embeddings", "image_latents"]},
    }
    info = {"source": "diffusers StableVideoDiffusionPipeline", "model": os.path.abspath(args.model),
            "unet": os.path.abspath(args.unet) if args.unet else None,
            "scheduler": sc, "added_time_ids": add_time_ids.tolist(),
            "fps": args.fps, "motion_bucket_id": args.motion_bucket_id,
            "noise_aug_strength": args.noise_aug_strength, "noise_aug_seed": args.noise_aug_seed,
            "decode_chunk": chunk, "attention_slice": args.attention_slice, "traced_on": str(device),
            "output_sign": "denoiser returns -unet(...) (dolly edm c_out > 0, diffusers v step < 0)",
            "cond_shapes": {k: list(v.shape) for k, v in cond.items()}}
    write_bundle(out, bundle, info)


if __name__ == "__main__":
    main()
