#!/usr/bin/env python3
"""Render a terminal capture with ANSI SGR escapes (as `tmux capture-pane -e -p` prints it)
into a PNG: a monospace cell grid in a dark palette.

Usage: render_ansi.py INPUT OUTPUT.png [--cols 110] [--rows 32] [--font-size 20]

tmux carries SGR state from one line to the next, prints a wide (CJK) character once although
it fills two columns, and trims trailing blank cells; the parser follows the same rules. Glyphs
come from DejaVu Sans Mono, then per glyph from a CJK font (IPAGothic or Noto CJK) and DejaVu
Sans; braille is drawn as dots because no installed monospace font has it.
"""
from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont

# A dark terminal palette (the 16 ANSI colours of VS Code's integrated terminal).
DEFAULT_FG = (204, 204, 204)
DEFAULT_BG = (30, 30, 30)
ANSI16 = [
    (0, 0, 0), (205, 49, 49), (13, 188, 121), (229, 229, 16),
    (36, 114, 200), (188, 63, 188), (17, 168, 205), (229, 229, 229),
    (102, 102, 102), (241, 76, 76), (35, 209, 139), (245, 245, 67),
    (59, 142, 234), (214, 112, 214), (41, 184, 219), (255, 255, 255),
]

DEJAVU = "/usr/share/fonts/truetype/dejavu"
MONO_FACES = {
    (False, False): f"{DEJAVU}/DejaVuSansMono.ttf",
    (True, False): f"{DEJAVU}/DejaVuSansMono-Bold.ttf",
    (False, True): f"{DEJAVU}/DejaVuSansMono-Oblique.ttf",
    (True, True): f"{DEJAVU}/DejaVuSansMono-BoldOblique.ttf",
}
# Tried in order for a glyph the monospace face lacks; missing files are skipped.
FALLBACK_FONTS = [
    "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
    "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansMonoCJKjp-Regular.otf",
    f"{DEJAVU}/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",
]

# Box drawing is drawn as rectangles rather than taken from the font: font glyphs leave
# hairline gaps between cells whose size is rounded to whole pixels. Arms: up, right, down,
# left; 1 light, 2 heavy, 3 double.
BOX_ARMS: dict[str, tuple[int, int, int, int]] = {}
for chars, weight in (("─│┌┐└┘├┤┬┴┼╴╵╶╷", 1), ("━┃┏┓┗┛┣┫┳┻╋╸╹╺╻", 2), ("═║╔╗╚╝╠╣╦╩╬", 3)):
    shapes = [(0, 1, 0, 1), (1, 0, 1, 0), (0, 1, 1, 0), (0, 0, 1, 1), (1, 1, 0, 0), (1, 0, 0, 1),
              (1, 1, 1, 0), (1, 0, 1, 1), (0, 1, 1, 1), (1, 1, 0, 1), (1, 1, 1, 1),
              (0, 0, 0, 1), (1, 0, 0, 0), (0, 1, 0, 0), (0, 0, 1, 0)]
    for char, shape in zip(chars, shapes):
        BOX_ARMS[char] = tuple(weight * arm for arm in shape)
# Dashed lines: (arms, number of dashes).
BOX_DASHED = {
    "┄": ((0, 1, 0, 1), 3), "┅": ((0, 2, 0, 2), 3), "┈": ((0, 1, 0, 1), 4), "┉": ((0, 2, 0, 2), 4),
    "╌": ((0, 1, 0, 1), 2), "╍": ((0, 2, 0, 2), 2), "┆": ((1, 0, 1, 0), 3), "┇": ((2, 0, 2, 0), 3),
    "┊": ((1, 0, 1, 0), 4), "┋": ((2, 0, 2, 0), 4), "╎": ((1, 0, 1, 0), 2), "╏": ((2, 0, 2, 0), 2),
}
# Rounded corners: the quadrant the arc's centre lies in, as (dx, dy) signs.
BOX_ARCS = {"╭": (1, 1), "╮": (-1, 1), "╯": (-1, -1), "╰": (1, -1)}
# Block elements as (left, top, right, bottom) fractions of the cell, or a shade level.
BLOCKS: dict[str, tuple[float, float, float, float]] = {
    "█": (0, 0, 1, 1), "▀": (0, 0, 1, 0.5), "▐": (0.5, 0, 1, 1), "▔": (0, 0, 1, 0.125),
    "▕": (0.875, 0, 1, 1),
}
for eighths, char in enumerate("▁▂▃▄▅▆▇", start=1):
    BLOCKS[char] = (0, 1 - eighths / 8, 1, 1)
for eighths, char in enumerate("▏▎▍▌▋▊▉", start=1):
    BLOCKS[char] = (0, 0, eighths / 8, 1)
SHADES = {"░": 0.25, "▒": 0.5, "▓": 0.75}


def palette256(index: int) -> tuple[int, int, int]:
    if index < 16:
        return ANSI16[index]
    if index < 232:
        levels = (0, 95, 135, 175, 215, 255)
        index -= 16
        return levels[index // 36], levels[(index // 6) % 6], levels[index % 6]
    grey = 8 + 10 * (index - 232)
    return grey, grey, grey


@dataclass(frozen=True)
class Style:
    fg: tuple[int, int, int] | None = None
    bg: tuple[int, int, int] | None = None
    bold: bool = False
    dim: bool = False
    italic: bool = False
    underline: bool = False
    reverse: bool = False
    hidden: bool = False
    strike: bool = False


@dataclass
class Cell:
    char: str = " "
    style: Style = Style()
    width: int = 1  # 2 for a wide glyph, 0 for the column a wide glyph covers


def cell_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def parse_extended_colour(params: list[str], i: int) -> tuple[tuple[int, int, int] | None, int]:
    """Reads `5;n` or `2;r;g;b` after a 38/48; returns the colour and the index past it."""
    if i < len(params) and params[i] == "5" and i + 1 < len(params):
        return palette256(int(params[i + 1] or 0) % 256), i + 2
    if i < len(params) and params[i] == "2" and i + 3 < len(params):
        return tuple(int(p or 0) % 256 for p in params[i + 1:i + 4]), i + 4
    return None, len(params)


def apply_sgr(style: Style, raw: str) -> Style:
    # Colon sub-parameters (38:5:n, 4:3) are read like semicolons; 4:0 means no underline.
    if re.fullmatch(r"4:0", raw):
        return replace(style, underline=False)
    params = re.split("[;:]", raw) if raw else ["0"]
    i = 0
    while i < len(params):
        code = int(params[i] or 0)
        i += 1
        if code == 0:
            style = Style()
        elif code == 1:
            style = replace(style, bold=True)
        elif code == 2:
            style = replace(style, dim=True)
        elif code == 3:
            style = replace(style, italic=True)
        elif code == 4:
            style = replace(style, underline=True)
        elif code == 7:
            style = replace(style, reverse=True)
        elif code == 8:
            style = replace(style, hidden=True)
        elif code == 9:
            style = replace(style, strike=True)
        elif code in (21, 22):
            style = replace(style, bold=False, dim=False)
        elif code == 23:
            style = replace(style, italic=False)
        elif code == 24:
            style = replace(style, underline=False)
        elif code == 27:
            style = replace(style, reverse=False)
        elif code == 28:
            style = replace(style, hidden=False)
        elif code == 29:
            style = replace(style, strike=False)
        elif 30 <= code <= 37:
            style = replace(style, fg=ANSI16[code - 30])
        elif code == 38:
            colour, i = parse_extended_colour(params, i)
            style = replace(style, fg=colour) if colour else style
        elif code == 39:
            style = replace(style, fg=None)
        elif 40 <= code <= 47:
            style = replace(style, bg=ANSI16[code - 40])
        elif code == 48:
            colour, i = parse_extended_colour(params, i)
            style = replace(style, bg=colour) if colour else style
        elif code == 49:
            style = replace(style, bg=None)
        elif 90 <= code <= 97:
            style = replace(style, fg=ANSI16[code - 90 + 8])
        elif 100 <= code <= 107:
            style = replace(style, bg=ANSI16[code - 100 + 8])
    return style


TOKEN = re.compile(
    r"\x1b\[([0-9;:?<=>]*)([ -/]*[@-~])"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC
    r"|\x1b[()][0-9A-Za-z]"  # charset designation
    r"|\x1b."  # any other escape
    r"|([^\x1b]+)",
    re.S,
)


def parse(text: str, cols: int, rows: int) -> tuple[list[list[Cell]], list[str]]:
    grid = [[Cell() for _ in range(cols)] for _ in range(rows)]
    warnings: list[str] = []
    style = Style()
    row = col = 0
    overflowed: set[int] = set()

    def put(char: str) -> None:
        nonlocal row, col
        width = cell_width(char)
        if row >= rows:
            return
        if width == 0:
            target = grid[row][col - 1] if col > 0 else None
            if target is not None:
                if target.width == 0 and col > 1:
                    target = grid[row][col - 2]
                target.char += char
            return
        if col + width > cols:
            if row not in overflowed:
                warnings.append(f"line {row + 1} is wider than {cols} columns: a width disagreement?")
                overflowed.add(row)
            col += width
            return
        grid[row][col] = Cell(char, style, width)
        if width == 2:
            grid[row][col + 1] = Cell("", style, 0)
        col += width

    for match in TOKEN.finditer(text):
        params, final, chunk = match.group(1), match.group(2), match.group(3)
        if chunk is not None:
            for char in chunk:
                if char == "\n":
                    row, col = row + 1, 0
                elif char == "\r":
                    col = 0
                elif char == "\t":
                    col = min(cols, (col // 8 + 1) * 8)
                elif ord(char) < 0x20 or ord(char) == 0x7F:
                    continue
                else:
                    put(char)
        elif final == "m":
            style = apply_sgr(style, params or "")
    text_rows = text.rstrip("\n").count("\n") + 1
    if text_rows > rows:
        warnings.append(f"capture has {text_rows} lines, only {rows} drawn")
    return grid, warnings


@lru_cache(maxsize=None)
def coverage(path: str) -> frozenset[int]:
    font = TTFont(path, lazy=True, fontNumber=0)
    return frozenset(font.getBestCmap() or {})


@lru_cache(maxsize=None)
def load_font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size, index=0)


class Renderer:
    def __init__(self, font_size: int):
        self.size = font_size
        regular = load_font(MONO_FACES[(False, False)], font_size)
        ascent, descent = regular.getmetrics()
        # Cells a little smaller than the glyphs' advance and height make box-drawing lines
        # overlap rather than leave hairline gaps between cells.
        self.cell_w = int(regular.getlength("M"))
        self.cell_h = ascent + descent
        self.baseline = ascent
        self.fallbacks = [path for path in FALLBACK_FONTS if Path(path).exists()]
        self.missing: set[str] = set()

    def font_for(self, char: str, bold: bool, italic: bool, cells: int):
        """Returns (font, fake_bold) for the glyph, sized so it fits in `cells` columns."""
        code = ord(char[0])
        mono = MONO_FACES[(bold, italic)]
        if code in coverage(mono):
            return load_font(mono, self.size), False
        for path in self.fallbacks:
            if code in coverage(path):
                font = load_font(path, self.size)
                room = self.cell_w * cells
                advance = font.getlength(char)
                # A wide glyph is sized to fill its two cells as it would in a terminal; a
                # narrow one only shrinks when it would spill into the next cell.
                target = room * 0.88 if cells == 2 else room
                if advance and (cells == 2 or advance > room * 1.05):
                    font = load_font(path, max(6, round(self.size * target / advance)))
                return font, bold
        self.missing.add(f"U+{code:04X}")
        return load_font(mono, self.size), False

    def colours(self, style: Style) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
        fg = style.fg or DEFAULT_FG
        bg = style.bg or DEFAULT_BG
        if style.reverse:
            fg, bg = (style.bg or DEFAULT_BG), (style.fg or DEFAULT_FG)
        if style.dim:
            fg = tuple((2 * f + b) // 3 for f, b in zip(fg, bg))
        if style.hidden:
            fg = bg
        return fg, bg

    def draw_box(self, draw, char: str, x: int, y: int, fg, bg) -> bool:
        """Draws box-drawing and block characters geometrically; False when it is not one."""
        w, h = self.cell_w, self.cell_h
        light = max(1, round(w / 8))
        if char in BLOCKS:
            left, top, right, bottom = BLOCKS[char]
            draw.rectangle((x + round(left * w), y + round(top * h),
                            x + round(right * w) - 1, y + round(bottom * h) - 1), fill=fg)
            return True
        if char in SHADES:
            level = SHADES[char]
            shade = tuple(round(f * level + b * (1 - level)) for f, b in zip(fg, bg))
            draw.rectangle((x, y, x + w - 1, y + h - 1), fill=shade)
            return True
        cx, cy = x + w // 2, y + h // 2

        def hbar(x0: int, x1: int, yc: int, t: int) -> None:
            top = yc - t // 2
            draw.rectangle((min(x0, x1), top, max(x0, x1), top + t - 1), fill=fg)

        def vbar(y0: int, y1: int, xc: int, t: int) -> None:
            left = xc - t // 2
            draw.rectangle((left, min(y0, y1), left + t - 1, max(y0, y1)), fill=fg)

        if char in BOX_ARCS:
            sx, sy = BOX_ARCS[char]
            r = min(w, h) // 2 - 1
            ax, ay = cx + sx * r, cy + sy * r  # the arc's centre
            start = {(1, 1): 180, (-1, 1): 270, (-1, -1): 0, (1, -1): 90}[(sx, sy)]
            half = light // 2
            draw.arc((ax - r - half, ay - r - half, ax + r + light - 1 - half, ay + r + light - 1 - half),
                     start, start + 90, fill=fg, width=light)
            hbar(ax, x + w - 1, cy, light) if sx > 0 else hbar(x, ax, cy, light)
            vbar(ay, y + h - 1, cx, light) if sy > 0 else vbar(y, ay, cx, light)
            return True
        if char in BOX_DASHED:
            (up, right, _, _), dashes = BOX_DASHED[char]
            t = light * (2 if max(up, right) == 2 else 1)
            length = w if right else h
            for dash in range(dashes):
                a = round(dash * length / dashes)
                b = round((dash + 0.6) * length / dashes)
                if right:
                    hbar(x + a, x + b, cy, t)
                else:
                    vbar(y + a, y + b, cx, t)
            return True
        arms = BOX_ARMS.get(char)
        if arms is None:
            return False
        up, right, down, left = arms
        gap = light + 1  # half the distance between the two strokes of a double line
        for weight, horizontal, towards in ((right, True, 1), (left, True, -1), (down, False, 1), (up, False, -1)):
            if weight == 0:
                continue
            if weight == 3:
                across = (down, up) if horizontal else (right, left)
                for side in (1, -1):
                    # A stroke on the side of a perpendicular line stops at that line's near
                    # stroke; the outer one runs past the centre to meet its far stroke.
                    if not any(across):
                        reach = 0
                    elif across[0 if side == 1 else 1]:
                        reach = gap
                    else:
                        reach = -gap
                    if horizontal:
                        yc = cy + side * gap
                        start = cx + towards * reach
                        end = x + w - 1 if towards > 0 else x
                        hbar(min(start, end), max(start, end), yc, light)
                    else:
                        xc = cx + side * gap
                        start = cy + towards * reach
                        end = y + h - 1 if towards > 0 else y
                        vbar(min(start, end), max(start, end), xc, light)
                continue
            t = light * weight
            perpendicular = max((arms[0], arms[2]) if horizontal else (arms[1], arms[3]))
            # Reach exactly across the perpendicular stroke, so a corner has no nub.
            across_t = light * min(perpendicular, 2)
            near = -(across_t // 2) if towards > 0 else across_t - 1 - across_t // 2
            if horizontal:
                hbar(cx + (near if perpendicular else 0), x + w - 1 if towards > 0 else x, cy, t)
            else:
                vbar(cy + (near if perpendicular else 0), y + h - 1 if towards > 0 else y, cx, t)
        return True

    def draw_braille(self, draw, char: str, x: int, y: int, fg) -> None:
        bits = ord(char) - 0x2800
        # Dot order: 1-3 down the left column, 4-6 down the right, then 7 and 8 at the bottom.
        positions = [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2), (0, 3), (1, 3)]
        radius = max(1.0, self.cell_w / 8)
        for bit, (dx, dy) in enumerate(positions):
            if bits & (1 << bit):
                cx = x + self.cell_w * (0.3 + 0.4 * dx)
                cy = y + self.cell_h * (0.14 + 0.24 * dy)
                draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=fg)

    def render(self, grid: list[list[Cell]], padding: int = 16) -> Image.Image:
        rows, cols = len(grid), len(grid[0])
        image = Image.new(
            "RGB", (cols * self.cell_w + 2 * padding, rows * self.cell_h + 2 * padding), DEFAULT_BG
        )
        draw = ImageDraw.Draw(image)
        # Backgrounds first, so a glyph that overhangs its cell is not covered by the next cell.
        for r, line in enumerate(grid):
            for c, cell in enumerate(line):
                _, bg = self.colours(cell.style)
                if bg != DEFAULT_BG:
                    x, y = padding + c * self.cell_w, padding + r * self.cell_h
                    draw.rectangle((x, y, x + self.cell_w - 1, y + self.cell_h - 1), fill=bg)
        for r, line in enumerate(grid):
            for c, cell in enumerate(line):
                if cell.width == 0:
                    continue
                fg, bg = self.colours(cell.style)
                x, y = padding + c * self.cell_w, padding + r * self.cell_h
                span = self.cell_w * cell.width
                if cell.char.strip():
                    code = ord(cell.char[0])
                    if 0x2800 <= code <= 0x28FF:
                        self.draw_braille(draw, cell.char, x, y, fg)
                    elif self.draw_box(draw, cell.char, x, y, fg, bg):
                        pass
                    else:
                        font, fake_bold = self.font_for(
                            cell.char, cell.style.bold, cell.style.italic, cell.width
                        )
                        advance = font.getlength(cell.char)
                        gx = x + (span - advance) / 2 if advance < span * 0.95 else x
                        baseline = y + self.baseline
                        if cell.width == 2:
                            # A CJK face's em box centred in the cell, as terminals place it.
                            ascent, descent = font.getmetrics()
                            baseline = y + (self.cell_h - ascent - descent) / 2 + ascent
                        draw.text((gx, baseline), cell.char, font=font, fill=fg, anchor="ls")
                        if fake_bold:
                            draw.text((gx + 1, baseline), cell.char, font=font, fill=fg, anchor="ls")
                if cell.style.underline:
                    uy = y + self.baseline + max(2, self.size // 10)
                    draw.line((x, uy, x + span - 1, uy), fill=fg, width=max(1, self.size // 16))
                if cell.style.strike:
                    sy = y + self.cell_h // 2
                    draw.line((x, sy, x + span - 1, sy), fill=fg, width=max(1, self.size // 16))
        return image


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="ANSI text file, or - for standard input")
    parser.add_argument("output", help="PNG to write")
    parser.add_argument("--cols", type=int, default=110)
    parser.add_argument("--rows", type=int, default=32)
    parser.add_argument("--font-size", type=int, default=20)
    args = parser.parse_args()

    data = sys.stdin.buffer.read() if args.input == "-" else Path(args.input).read_bytes()
    grid, warnings = parse(data.decode("utf-8", errors="replace"), args.cols, args.rows)
    renderer = Renderer(args.font_size)
    image = renderer.render(grid)
    image.save(args.output, optimize=True)
    if renderer.missing:
        warnings.append("no font has " + ", ".join(sorted(renderer.missing)))
    for warning in warnings:
        print(f"render_ansi: {args.output}: {warning}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
