#!/usr/bin/env python3
# Independent reference for libs/motion/camera/pac_presets: PAC's preset poses
# re-derived with numpy/scipy in float32 as PAC computes them (look-at views),
# then PAC's slerp interpolation. Writes pac_pattern_poses.txt:
#   PAC_TXT_DIR=<folder with PAC's cam_patterns/*.txt> python3 make_pac_poses.py > pac_pattern_poses.txt
# With PAC_TXT_DIR the 16-frame text patterns are the files' own numbers;
# without it they are computed (they agree to 5e-9).
import math
import os
import sys
import numpy as np
from scipy.spatial.transform import Rotation as Rot
from scipy.interpolate import interp1d
F32 = np.float32
def normalize(v, eps=1e-5):
    n = np.sqrt((v * v).sum())
    return v / max(n, F32(eps))
def look_at(eye, at, up=(0.0, 1.0, 0.0), dt=F32):
    eye = np.asarray(eye, dt); at = np.asarray(at, dt); up = np.asarray(up, dt)
    z = normalize(at - eye); x = normalize(np.cross(up, z)); y = normalize(np.cross(z, x))
    Rm = np.stack([x, y, z], 0).T          # columns x, y, z
    T = -(Rm.T @ eye)
    return Rm, T
def update_view(distance=1.0, pitch=0.0, azimuth=0.0, roll=0.0, target=(0.0, 0.0, 1.0), dt=F32):
    p = math.radians(pitch); a = math.radians(azimuth)
    z = distance * math.cos(p) * math.cos(a); x = distance * math.cos(p) * math.sin(a); y = distance * math.sin(p)
    target = np.asarray(target, dt)
    eye = target - np.asarray([x, y, z], dt)
    Rm, T = look_at(eye, target, dt=dt)
    if roll != 0:
        r = math.radians(roll)
        Rm = Rm @ np.asarray([[math.cos(r), -math.sin(r), 0], [math.sin(r), math.cos(r), 0], [0, 0, 1]], dt)
    return Rm, T
def powr(r, n):
    if n == 0: return Rot.identity()
    if n == -1: return r.inv()
    if n == 1: return r
    return Rot.from_rotvec(n * r.as_rotvec())
def interpolate_slerp(keys, T):
    Rs = [k[0] for k in keys]; Ts = [k[1] for k in keys]
    times = np.linspace(0, 1, len(keys)); it = np.linspace(0, 1, T)
    qs = [Rot.from_matrix(r).as_quat() for r in Rs]
    iT = interp1d(times, Ts, axis=0)(it)
    out = []
    for i in range(len(qs) - 1):
        t = (it - times[i]) / (times[i + 1] - times[i]); v = t[(t >= 0) & (t <= 1)]
        for tv in v:
            q1 = Rot.from_quat(qs[i]); q2 = Rot.from_quat(qs[i + 1])
            out.append((q1 * powr(q2 * q1.inv(), tv)).as_quat())
    if len(out) < T: out.extend([qs[-1]] * (T - len(out)))
    return [(Rot.from_quat(out[t]).as_matrix(), iT[t]) for t in range(T)]
def generate_vo(name, dt=F32):
    K = []
    uv = lambda **kw: K.append(update_view(dt=dt, **kw))
    if name == 'Still':
        uv(distance=5.0, target=[0, 0, 5.0]); uv(distance=5.0, target=[0, 0, 5.0])
    elif name in ('OrbitLeft', 'OrbitRight', 'OrbitUp', 'OrbitDown'):
        end = {'OrbitLeft': -15.0, 'OrbitRight': 15.0, 'OrbitUp': -15.0, 'OrbitDown': 15.0}[name]
        for v in np.linspace(0.0, end, 8):
            if name in ('OrbitLeft', 'OrbitRight'): uv(distance=3.0, azimuth=v, target=[0, 0, 3.0])
            else: uv(distance=3.0, pitch=v, target=[0, 0, 3.0])
    elif name in ('TruckLeft', 'TruckRight', 'PedestalUp', 'PedestalDown'):
        tgt = {'TruckLeft': [0.5, 0, 1.0], 'TruckRight': [-0.5, 0, 1.0], 'PedestalUp': [0, 0.5, 1.0], 'PedestalDown': [0, -0.5, 1.0]}[name]
        uv(distance=1.0, target=[0, 0, 1.0]); uv(distance=1.0, target=tgt)
    elif name in ('PanLeft', 'PanRight'):
        for az in ([0.0, 10.0] if name == 'PanLeft' else [0.0, -10.0]):
            a = math.radians(az)
            uv(distance=1.0 / math.cos(a), azimuth=az, target=[math.tanh(a), 0.0, 1.0])
    elif name in ('TiltUp', 'TiltDown'):
        for pt in ([0.0, 10.0] if name == 'TiltUp' else [0.0, -10.0]):
            p = math.radians(pt)
            uv(distance=1.0 / math.cos(p), pitch=pt, target=[0.0, math.tanh(p), 1.0])
    elif name in ('ClockwiseRoll', 'AnticlockwiseRoll'):
        uv(distance=1.0, target=[0, 0, 1.0]); uv(distance=1.0, roll=20.0 if name == 'ClockwiseRoll' else -20.0, target=[0, 0, 1.0])
    elif name == 'DollyIn':
        uv(distance=10.0, target=[0, 0, 10.0]); uv(distance=9.5, target=[0, 0, 10.0])
    elif name == 'DollyOut':
        uv(distance=1.0, target=[0, 0, 1.0]); uv(distance=2.0, target=[0, 0, 1.0])
    return K

# as 12 numbers per line (row-major [R | T], PyTorch3D convention).
TXT = os.environ.get('PAC_TXT_DIR')   # optional: the 16-line cam_patterns files
NAMES = ['Still', 'DollyIn', 'DollyOut', 'TruckLeft', 'TruckRight', 'PedestalUp', 'PedestalDown',
         'PanLeft', 'PanRight', 'TiltUp', 'TiltDown', 'OrbitLeft', 'OrbitRight', 'OrbitUp',
         'OrbitDown', 'ClockwiseRoll', 'AnticlockwiseRoll']
HAS_TXT = {'Still', 'DollyIn', 'DollyOut', 'TruckRight', 'PedestalUp', 'PedestalDown', 'PanLeft',
           'PanRight', 'TiltUp', 'TiltDown', 'OrbitLeft', 'OrbitRight'}
def keys(name):
    if name in ('DollyIn', 'DollyOut'):   # the text files' end poses
        I = np.eye(3); return [(I, np.zeros(3)), (I, np.array([0, 0, -2.0 if name == 'DollyIn' else 3.0]))]
    return generate_vo(name)
def base(name):
    if name in HAS_TXT:
        if TXT:
            P = np.loadtxt(os.path.join(TXT, name + '.txt')).reshape(-1, 3, 4)
            return [(p[:, :3], p[:, 3]) for p in P], 'text file'
        return interpolate_slerp(keys(name), 16), 'computed'
    return keys(name), 'generate_vo'
def poses(name, T):
    b, src = base(name)
    return (b if len(b) == T else interpolate_slerp(b, T)), src
out = sys.stdout
out.write('# PAC pattern poses: "case NAME FRAMES SOURCE" then FRAMES lines of R|T row-major.\n')
cases = [(n, 16) for n in NAMES] + [('PanLeft', 31), ('OrbitLeft', 31), ('OrbitUp', 24),
                                      ('ClockwiseRoll', 12), ('TruckLeft', 5), ('DollyOut', 20)]
for n, T in cases:
    P, src = poses(n, T)
    out.write('case %s %d %s\n' % (n, T, src.replace(' ', '_')))
    for R, t in P:
        out.write(' '.join('%.12e' % v for v in np.concatenate([np.asarray(R, float), np.asarray(t, float)[:, None]], 1).ravel()) + '\n')
# PAC's slerp on two keys that do not commute (rotations about x, then y):
# frame t gets R1 (R2 R1^T)^t, which at t = 1 is R1 R2 R1^T, not R2.
from scipy.spatial.transform import Rotation as Rot
R1 = Rot.from_rotvec([0.4, 0, 0]).as_matrix(); R2 = Rot.from_rotvec([0, 0.7, 0]).as_matrix()
P = interpolate_slerp([(R1, np.array([0, 0, 0.0])), (R2, np.array([1.0, 2.0, 3.0]))], 5)
out.write('case NonCommuting 5 rotvec_x0.4_then_y0.7\n')
for R, t in P:
    out.write(' '.join('%.12e' % v for v in np.concatenate([R, t[:, None]], 1).ravel()) + '\n')
