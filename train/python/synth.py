"""Synthetic training samples for the mark network: the recipe of the Java MarkSynth, drawn with Pillow.

A sample is a side x side window of a clean photo with visible watermarks blended over it,
J = (1 - a) I + a W, and its targets: the benchmark's mask rule (the channels moved by more than 15 in
total, before JPEG), the total opacity a and the colour W of the blend composed over the marks. The marks come
from a wider family than the benchmark's generator on purpose (random words, names, URLs, CJK; outlines,
shadows, italics, stretched fonts; logos as they are or recoloured; simple shapes; tiled grids; two marks at
once; JPEG at many qualities), so the network learns the blend rather than one recipe's look. About one sample
in twelve has no mark, and windows away from the mark are common.
"""

import io
import math
import random

import numpy as np
from PIL import Image, ImageDraw, ImageFont

WORDS = ["SAMPLE", "PREVIEW", "PROOF", "DRAFT", "COPY", "STOCK", "PHOTO", "IMAGES", "Studio", "Photography",
         "Pictures", "Media", "Design", "Creative", "Visuals", "Archive", "Press", "CONFIDENTIAL", "WATERMARK",
         "Licensed", "Demo", "Not for sale", "All rights reserved", "Shutter", "Lens", "Frame", "Focus"]
SYLLABLES = ["ka", "lo", "mi", "ra", "ten", "vor", "sa", "bel", "ix", "on", "del", "mar", "qu", "zen", "tro",
             "pi", "la", "nor", "ste", "fa", "gri", "hel", "jo", "ux", "wy"]
TLDS = ["com", "net", "org", "io", "co.uk", "de", "photo", "studio"]
CJK = "样本图片版权所有摄影工作室预览禁止复制东京光影映像"

MASK_THRESHOLD = 15


MAX_MARKED_SHARE = 0.5
MAX_REDRAWS = 20


class MarkSynth:
    """Draws samples; seeded, so a worker with the same seed draws the same samples."""

    def __init__(self, photos, logos, fonts, side, seed, jpeg_share=0.7, empty_share=0.08):
        """photos: list of RGB PIL images; logos: list of RGBA PIL images; fonts: list of font file paths
        (a .ttc is read at index 0)."""
        if not photos or not logos or not fonts:
            raise ValueError("need photos, logos and fonts")
        self.photos, self.logos, self.fonts = photos, logos, fonts
        self.side = side
        self.rnd = random.Random(seed)
        self.jpeg_share = jpeg_share
        self.empty_share = empty_share
        self._font_cache = {}

    # -- one sample -----------------------------------------------------------------------------------------------

    def next(self):
        """Returns (rgb, target, alpha, w, clean): float32 arrays, rgb/clean/w side x side x 3 (0-255),
        target and alpha side x side. A window mostly inside one large mark is drawn again: with the mark's
        edges out of view nothing tells it from a hazy or flat photo (as MarkSynth.next in Java)."""
        s = self._draw()
        for _ in range(MAX_REDRAWS):
            if s[1].mean() <= MAX_MARKED_SHARE:
                break
            s = self._draw()
        return s

    def _draw(self):
        r, side = self.rnd, self.side
        photo = r.choice(self.photos)
        small = r.random() < 0.35
        pw, ph = photo.size
        if small:
            fw = fh = side + r.randint(0, side)
        else:
            long_side = 700 + r.randint(0, 700)
            s = long_side / max(pw, ph)
            fw, fh = max(side, round(pw * s)), max(side, round(ph * s))
        marks = []
        if r.random() >= self.empty_share:
            marks.append(self._mark(fw, fh, small))
            if r.random() < 0.15:
                marks.append(self._mark(fw, fh, small))
        if marks and r.random() < 0.8:
            m = marks[0]
            cx = m["cx"] + (r.random() - 0.5) * min(m["extent"], side)
            cy = m["cy"] + (r.random() - 0.5) * min(m["extent"], side)
            x0 = _clamp(round(cx - side / 2), 0, fw - side)
            y0 = _clamp(round(cy - side / 2), 0, fh - side)
        else:
            x0, y0 = r.randint(0, fw - side), r.randint(0, fh - side)
        clean = np.asarray(self._window(photo, small, fw, fh, x0, y0), dtype=np.float32)
        j = clean.copy()
        alpha = np.zeros((side, side), np.float32)
        wsum = np.zeros((side, side, 3), np.float32)
        for m in marks:
            layer = Image.new("RGBA", (side, side), (0, 0, 0, 0))
            m["paint"](layer, x0, y0)
            arr = np.asarray(layer, dtype=np.float32)
            a = np.round(arr[..., 3] * m["opacity"]) / 255.0
            a3 = a[..., None]
            j = np.where(a3 > 0, np.round(j * (1 - a3) + arr[..., :3] * a3), j)
            after = 1 - (1 - alpha) * (1 - a)
            safe = np.where(after > 0, after, 1)[..., None]
            wsum = np.where(a3 > 0, ((1 - a3) * alpha[..., None] * wsum + a3 * arr[..., :3]) / safe, wsum)
            alpha = np.where(a > 0, after, alpha)
        target = (np.abs(j - clean).sum(axis=2) > MASK_THRESHOLD).astype(np.float32)
        if r.random() < self.jpeg_share:
            j = _jpeg(j, 60 + r.randint(0, 38))
        return j.astype(np.float32), target, alpha.astype(np.float32), wsum.astype(np.float32), clean

    # -- marks ----------------------------------------------------------------------------------------------------

    def _mark(self, fw, fh, small):
        r = self.rnd
        roll = r.random()
        short = min(fw, fh)
        opacity = 0.2 + 0.65 * r.random()
        if roll < 0.12:
            return self._tiled(fw, fh, short, opacity)
        if r.random() < 0.5:
            rotation = 0.0
        elif small and r.random() < 0.5:
            rotation = r.random() * 360
        else:
            rotation = r.random() * 90 - 45
        colour = self._colour()
        if roll < 0.52:
            logo = r.choice(self.logos)
            if r.random() < 0.5:
                logo = _recolour(logo, colour)
            size = 24 + r.random() * 0.8 * short if small else short * (0.06 + 0.34 * r.random())
            sprite = _fit(logo, size)
        elif roll < 0.9:
            px = 10 + r.random() * 0.2 * short if small else short * (0.025 + 0.15 * r.random())
            sprite = self._text_sprite(self._random_text(), px, colour, r.randint(0, 2))
            size = max(sprite.size)
        else:
            size = 24 + r.random() * 0.6 * short if small else short * (0.06 + 0.3 * r.random())
            sprite = self._shape_sprite(size, colour, r.randint(0, 2))
        if rotation:
            sprite = sprite.rotate(-rotation, resample=Image.BICUBIC, expand=True)
        half = size / 2
        cx = half + r.random() * max(1, fw - 2 * half)
        cy = half + r.random() * max(1, fh - 2 * half)

        def paint(layer, x0, y0, sprite=sprite, cx=cx, cy=cy):
            _paste(layer, sprite, cx - x0 - sprite.size[0] / 2, cy - y0 - sprite.size[1] / 2)

        return {"cx": cx, "cy": cy, "extent": size, "opacity": opacity, "paint": paint}

    def _tiled(self, fw, fh, short, opacity):
        r = self.rnd
        colour = self._mono() if r.random() < 0.8 else self._colour()
        rotation = -(15 + r.random() * 35) * (1 if r.random() < 0.5 else -1)
        if r.random() < 0.75:
            unit = self._text_sprite(self._random_text(), short * (0.03 + 0.05 * r.random()), colour, 0)
        else:
            unit = _fit(_recolour(r.choice(self.logos), colour), short * (0.06 + 0.08 * r.random()))
        w, h = unit.size
        step_x = w * (1.3 + r.random()) + 10
        step_y = h * (2.5 + 2 * r.random()) + 10
        unit = unit.rotate(-rotation, resample=Image.BICUBIC, expand=True)
        theta = math.radians(rotation)
        cos, sin = math.cos(theta), math.sin(theta)

        def paint(layer, x0, y0):
            side = layer.size[0]
            y = -fh
            while y < 2 * fh:
                row = math.floor(y / step_y)
                x = -fw
                while x < 2 * fw:
                    px = x + (row % 2) * step_x / 2
                    # the lattice point rotated about the frame's centre
                    dx, dy = px - fw / 2, y - fh / 2
                    cx = fw / 2 + dx * cos - dy * sin
                    cy = fh / 2 + dx * sin + dy * cos
                    lx, ly = cx - x0 - unit.size[0] / 2, cy - y0 - unit.size[1] / 2
                    if -unit.size[0] < lx < side and -unit.size[1] < ly < side:
                        _paste(layer, unit, lx, ly)
                    x += step_x
                y += step_y

        return {"cx": fw / 2, "cy": fh / 2, "extent": max(fw, fh), "opacity": opacity, "paint": paint}

    def _text_sprite(self, text, px, colour, effect):
        """Text drawn at about px pixels high; effect 0 plain, 1 outline, 2 drop shadow."""
        r = self.rnd
        px = max(6, int(round(px)))
        font = self._font(r.choice(self.fonts), px)
        contrast = (255, 255, 255) if sum(colour) < 384 else (0, 0, 0)
        probe = ImageDraw.Draw(Image.new("L", (1, 1)))
        stroke = max(1, int(round(px * (0.03 + 0.06 * r.random())))) if effect == 1 else 0
        box = probe.textbbox((0, 0), text, font=font, stroke_width=stroke)
        shadow = max(1, int(round(px * 0.06))) if effect == 2 else 0
        pad = 2 + stroke + shadow
        w, h = box[2] - box[0] + 2 * pad, box[3] - box[1] + 2 * pad
        img = Image.new("RGBA", (max(1, w), max(1, h)), (0, 0, 0, 0))
        d = ImageDraw.Draw(img)
        origin = (pad - box[0], pad - box[1])
        if effect == 2:
            d.text((origin[0] + shadow, origin[1] + shadow), text, font=font, fill=contrast + (255,))
        d.text(origin, text, font=font, fill=tuple(colour) + (255,), stroke_width=stroke,
               stroke_fill=contrast + (255,) if stroke else None)
        if r.random() < 0.25:  # italic: shear
            k = 0.2
            img = img.transform((img.size[0] + int(k * img.size[1]), img.size[1]), Image.AFFINE,
                                (1, k, -k * img.size[1], 0, 1, 0), resample=Image.BICUBIC)
        if r.random() < 0.2:  # stretched
            sx = 0.8 + 0.5 * r.random()
            img = img.resize((max(1, int(img.size[0] * sx)), img.size[1]), Image.BICUBIC)
        return img

    def _shape_sprite(self, size, colour, effect):
        """A ring, a rounded frame, a star or a disc, drawn 4x larger and reduced (antialiasing)."""
        r = self.rnd
        k = 4
        s = max(8, int(size * k))
        img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
        d = ImageDraw.Draw(img)
        fill = tuple(colour) + (255,)
        t = int(s * (0.08 + 0.15 * r.random()))
        kind = r.randint(0, 3)
        if kind == 0:
            d.ellipse((0, 0, s - 1, s - 1), fill=fill)
            d.ellipse((t, t, s - 1 - t, s - 1 - t), fill=(0, 0, 0, 0))
        elif kind == 1:
            hh = int(s * 0.6)
            d.rounded_rectangle((0, 0, s - 1, hh), radius=int(s * 0.1), fill=fill)
            d.rounded_rectangle((t, t, s - 1 - t, hh - t), radius=int(s * 0.05), fill=(0, 0, 0, 0))
        elif kind == 2:
            pts = []
            for i in range(10):
                rad = (0.5 if i % 2 == 0 else 0.2) * s
                a = math.pi * i / 5 - math.pi / 2
                pts.append((s / 2 + rad * math.cos(a), s / 2 + rad * math.sin(a)))
            d.polygon(pts, fill=fill)
        else:
            d.ellipse((0, 0, s - 1, s - 1), fill=fill)
        return img.resize((max(1, s // k), max(1, s // k)), Image.LANCZOS)

    def _random_text(self):
        r = self.rnd
        x = r.random()
        name = self._name()
        if x < 0.2:
            return "© " + (str(2000 + r.randint(0, 26)) + " " if r.random() < 0.5 else "") + name
        if x < 0.35:
            return "www." + name.lower() + "." + r.choice(TLDS)
        if x < 0.55:
            w = r.choice(WORDS)
            return w if r.random() < 0.5 else w.upper()
        if x < 0.7:
            return name + " " + r.choice(WORDS)
        if x < 0.8:
            return "".join(r.choice(CJK) for _ in range(2 + r.randint(0, 4)))
        if x < 0.9:
            return "@" + name.lower() + ("_" + str(r.randint(0, 99)) if r.random() < 0.5 else "")
        return name

    def _name(self):
        r = self.rnd
        s = "".join(r.choice(SYLLABLES) for _ in range(2 + r.randint(0, 2)))
        return s[0].upper() + s[1:]

    def _mono(self):
        r = self.rnd
        x = r.random()
        if x < 0.5:
            return (255, 255, 255)
        if x < 0.8:
            return (0, 0, 0)
        v = 60 + r.randint(0, 159)
        return (v, v, v)

    def _colour(self):
        r = self.rnd
        if r.random() < 0.7:
            return self._mono()
        h, s, v = r.random(), 0.5 + 0.5 * r.random(), 0.5 + 0.5 * r.random()
        return _hsv(h, s, v)

    def _font(self, path, px):
        key = (path, px)
        f = self._font_cache.get(key)
        if f is None:
            f = ImageFont.truetype(path, px, index=0)
            if len(self._font_cache) > 2000:
                self._font_cache.clear()
            self._font_cache[key] = f
        return f

    def _window(self, photo, small, fw, fh, x0, y0):
        """The clean crop: the frame's window resampled from the photo (mirrored half the time)."""
        r, side = self.rnd, self.side
        pw, ph = photo.size
        if small:
            s = min(pw, ph) * (0.35 + 0.65 * r.random())
            sx, sy, sw, sh = r.random() * (pw - s), r.random() * (ph - s), s, s
        else:
            sx, sy, sw, sh = 0, 0, pw, ph
        kx, ky = sw / fw, sh / fh
        box = (sx + x0 * kx, sy + y0 * ky, sx + (x0 + side) * kx, sy + (y0 + side) * ky)
        out = photo.resize((side, side), Image.BILINEAR, box=box)
        if r.random() < 0.5:
            out = out.transpose(Image.FLIP_LEFT_RIGHT)
        return out


# -- helpers --------------------------------------------------------------------------------------------------------

def _clamp(v, lo, hi):
    return max(lo, min(hi, v))


def _hsv(h, s, v):
    i = int(h * 6) % 6
    f = h * 6 - int(h * 6)
    p, q, t = v * (1 - s), v * (1 - f * s), v * (1 - (1 - f) * s)
    rgb = [(v, t, p), (q, v, p), (p, v, t), (p, q, v), (t, p, v), (v, p, q)][i]
    return tuple(int(round(c * 255)) for c in rgb)


def _recolour(logo, colour):
    a = logo.getchannel("A")
    out = Image.new("RGBA", logo.size, tuple(colour) + (255,))
    out.putalpha(a)
    return out


def _fit(img, size):
    k = size / max(img.size)
    return img.resize((max(1, int(round(img.size[0] * k))), max(1, int(round(img.size[1] * k)))), Image.LANCZOS)


def _paste(layer, sprite, x, y):
    """Composites sprite over layer at (x, y), rounded to whole pixels, clipped to the layer."""
    xi, yi = int(round(x)), int(round(y))
    sx0, sy0 = max(0, -xi), max(0, -yi)
    dx0, dy0 = max(0, xi), max(0, yi)
    w = min(sprite.size[0] - sx0, layer.size[0] - dx0)
    h = min(sprite.size[1] - sy0, layer.size[1] - dy0)
    if w <= 0 or h <= 0:
        return
    layer.alpha_composite(sprite.crop((sx0, sy0, sx0 + w, sy0 + h)), dest=(dx0, dy0))


def _jpeg(rgb, quality):
    img = Image.fromarray(np.clip(np.round(rgb), 0, 255).astype(np.uint8), "RGB")
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    buf.seek(0)
    return np.asarray(Image.open(buf).convert("RGB"), dtype=np.float32)
