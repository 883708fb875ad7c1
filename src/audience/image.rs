//! Images a public build may publish, and the copies of them it publishes.
//!
//! This module owns two things: the decision whether a file is an allowed image — PNG, JPEG, GIF,
//! WebP or AVIF, recognised by its magic bytes and never by its name or extension — and the copy of
//! its bytes to publish, with the metadata removed (text chunks, EXIF, XMP, ICC profiles, comments,
//! thumbnails, camera trailers). Each format is walked by an allow-list of the structures needed
//! to display the image: everything else is dropped, and an image whose structure cannot be walked
//! with certainty, or whose metadata cannot be removed (AVIF), is refused. Fail closed: when in
//! doubt, drop the structure or refuse the image. It must not decode pixels, re-encode, read or
//! name files (the caller hashes the returned bytes), or panic on any input; it runs in time linear
//! in the input.

use std::fmt;

/// An image format that may be published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageKind {
    Png,
    Jpeg,
    Gif,
    WebP,
    Avif,
}

impl ImageKind {
    /// The extension to publish the image under.
    pub fn extension(self) -> &'static str {
        match self {
            ImageKind::Png => "png",
            ImageKind::Jpeg => "jpg",
            ImageKind::Gif => "gif",
            ImageKind::WebP => "webp",
            ImageKind::Avif => "avif",
        }
    }

    /// The format the bytes announce by their magic number, if it is an allowed one. This only looks
    /// at the first bytes: [`publishable`] checks the rest.
    pub fn from_magic(bytes: &[u8]) -> Option<ImageKind> {
        if bytes.starts_with(png::SIGNATURE) {
            Some(ImageKind::Png)
        } else if bytes.starts_with(&[0xFF, jpeg::SOI, 0xFF]) {
            Some(ImageKind::Jpeg)
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            Some(ImageKind::Gif)
        } else if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP".as_slice()) {
            Some(ImageKind::WebP)
        } else if avif::has_avif_brand(bytes) {
            Some(ImageKind::Avif)
        } else {
            None
        }
    }
}

/// Why an image cannot be published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Not a PNG, JPEG, GIF, WebP or AVIF by content (SVG, PDF, HEIC, BMP, TIFF, text…).
    NotAnImage,
    /// Announces an allowed format, but its structure is truncated, broken or unsupported.
    Malformed(&'static str),
    /// Well-formed, but carries metadata (or structures that may hold some) that cannot be removed.
    MetadataKept(&'static str),
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::NotAnImage => f.write_str("not a PNG, JPEG, GIF, WebP or AVIF image"),
            Refused::Malformed(why) => write!(f, "malformed image: {why}"),
            Refused::MetadataKept(why) => write!(f, "image metadata cannot be removed: {why}"),
        }
    }
}

/// The image's bytes without metadata, ready to publish, and its format. AVIF images are returned
/// unchanged when they carry no metadata, and refused when they do.
pub fn publishable(bytes: &[u8]) -> Result<(ImageKind, Vec<u8>), Refused> {
    let kind = ImageKind::from_magic(bytes).ok_or(Refused::NotAnImage)?;
    let stripped = match kind {
        ImageKind::Png => png::strip(bytes)?,
        ImageKind::Jpeg => jpeg::strip(bytes)?,
        ImageKind::Gif => gif::strip(bytes)?,
        ImageKind::WebP => webp::strip(bytes)?,
        ImageKind::Avif => {
            avif::check(bytes)?;
            bytes.to_vec()
        }
    };
    Ok((kind, stripped))
}

/// `N` bytes at `at`, if the input has them.
fn array<const N: usize>(bytes: &[u8], at: usize) -> Option<[u8; N]> {
    bytes.get(at..at.checked_add(N)?)?.try_into().ok()
}

fn be16(bytes: &[u8], at: usize) -> Option<u16> {
    array(bytes, at).map(u16::from_be_bytes)
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    array(bytes, at).map(u32::from_be_bytes)
}

fn le32(bytes: &[u8], at: usize) -> Option<u32> {
    array(bytes, at).map(u32::from_le_bytes)
}

fn be64(bytes: &[u8], at: usize) -> Option<u64> {
    array(bytes, at).map(u64::from_be_bytes)
}

/// PNG: the signature, then chunks (length, type, data, CRC) from IHDR to IEND. Kept chunks are
/// copied verbatim after their CRC is verified; the others are dropped unverified, except an
/// unknown critical chunk, which refuses the image (decoders must refuse it too).
mod png {
    use super::Refused::{self, Malformed};
    use super::{array, be32};

    pub(super) const SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";

    /// Everything needed to display a still or animated (APNG) PNG, and nothing that holds text.
    const KEPT: [&[u8; 4]; 14] = [
        b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"sBIT", b"bKGD",
        b"pHYs", b"acTL", b"fcTL", b"fdAT",
    ];

    const TRUNCATED: Refused = Malformed("truncated PNG (no IEND chunk)");

    pub(super) fn strip(bytes: &[u8]) -> Result<Vec<u8>, Refused> {
        let mut out = Vec::with_capacity(bytes.len());
        out.extend_from_slice(SIGNATURE);
        let mut pos = SIGNATURE.len();
        let mut seen_idat = false;
        loop {
            let len = be32(bytes, pos).ok_or(TRUNCATED)?;
            if len > 0x7FFF_FFFF {
                return Err(Malformed("PNG chunk length over 2^31 - 1"));
            }
            let kind: [u8; 4] = array(bytes, pos + 4).ok_or(TRUNCATED)?;
            let end = usize::try_from(len)
                .ok()
                .and_then(|len| (pos + 12).checked_add(len))
                .ok_or(TRUNCATED)?;
            let chunk = bytes.get(pos..end).ok_or(TRUNCATED)?;
            if !kind.iter().all(u8::is_ascii_alphabetic) {
                return Err(Malformed("invalid PNG chunk type"));
            }
            if (pos == SIGNATURE.len()) != (&kind == b"IHDR") {
                return Err(Malformed(
                    "IHDR is not the first PNG chunk, or not the only one",
                ));
            }
            if KEPT.contains(&&kind) {
                let (typed_data, crc) = chunk.split_last_chunk::<4>().ok_or(TRUNCATED)?;
                let typed_data = typed_data.get(4..).ok_or(TRUNCATED)?;
                if crc32(typed_data) != u32::from_be_bytes(*crc) {
                    return Err(Malformed("PNG chunk CRC mismatch"));
                }
                out.extend_from_slice(chunk);
            } else if kind[0].is_ascii_uppercase() {
                return Err(Malformed("unknown critical PNG chunk"));
            }
            match &kind {
                b"IHDR" if len != 13 => return Err(Malformed("IHDR chunk not 13 bytes long")),
                b"IDAT" => seen_idat = true,
                b"IEND" if len != 0 => return Err(Malformed("IEND chunk not empty")),
                b"IEND" if !seen_idat => return Err(Malformed("PNG without IDAT chunk")),
                // Whatever follows IEND is not part of the image: dropped.
                b"IEND" => return Ok(out),
                _ => {}
            }
            pos = end;
        }
    }

    /// CRC-32 (ISO 3309, as PNG uses it), table-driven.
    fn crc32(bytes: &[u8]) -> u32 {
        const TABLE: [u32; 256] = {
            let mut table = [0u32; 256];
            let mut n = 0;
            while n < 256 {
                let mut c = n as u32;
                let mut k = 0;
                while k < 8 {
                    c = if c & 1 != 0 {
                        0xEDB8_8320 ^ (c >> 1)
                    } else {
                        c >> 1
                    };
                    k += 1;
                }
                table[n] = c;
                n += 1;
            }
            table
        };
        !bytes
            .iter()
            .fold(!0u32, |c, &b| TABLE[usize::from((c as u8) ^ b)] ^ (c >> 8))
    }
}

/// JPEG: SOI, marker segments, scans of entropy-coded data, EOI. Segments are re-emitted one by
/// one: the kept ones after checking that their length matches their content exactly (so nothing
/// rides in slack bytes), APP0 and APP14 rewritten to their fixed part; the entropy-coded data is
/// copied verbatim, up to the first marker that is not a restart marker or a stuffed 0xFF.
mod jpeg {
    use super::Refused::{self, Malformed};
    use super::be16;

    pub(super) const SOI: u8 = 0xD8;
    const EOI: u8 = 0xD9;
    const SOS: u8 = 0xDA;
    const DQT: u8 = 0xDB;
    const DNL: u8 = 0xDC;
    const DRI: u8 = 0xDD;
    const DHT: u8 = 0xC4;
    const DAC: u8 = 0xCC;
    const APP0: u8 = 0xE0;
    const APP14: u8 = 0xEE;
    const COM: u8 = 0xFE;

    const TRUNCATED: Refused = Malformed("truncated JPEG (no EOI marker)");

    pub(super) fn strip(bytes: &[u8]) -> Result<Vec<u8>, Refused> {
        let mut out = Vec::with_capacity(bytes.len());
        out.extend_from_slice(&[0xFF, SOI]);
        let mut pos = 2;
        let mut frame = false;
        let mut scans = 0usize;
        loop {
            match bytes.get(pos) {
                Some(0xFF) => {}
                Some(_) => return Err(Malformed("stray bytes where a JPEG marker should be")),
                None => return Err(TRUNCATED),
            }
            // A marker may be preceded by any number of 0xFF fill bytes.
            while bytes.get(pos) == Some(&0xFF) {
                pos += 1;
            }
            let marker = *bytes.get(pos).ok_or(TRUNCATED)?;
            pos += 1;
            match marker {
                EOI if scans == 0 => return Err(Malformed("JPEG without a scan")),
                // Whatever follows EOI (camera trailers, appended previews) is dropped.
                EOI => {
                    out.extend_from_slice(&[0xFF, EOI]);
                    return Ok(out);
                }
                0x00 | 0x01 | SOI | 0xD0..=0xD7 => {
                    return Err(Malformed("unexpected standalone JPEG marker"));
                }
                _ => {}
            }
            let len = usize::from(be16(bytes, pos).ok_or(TRUNCATED)?);
            if len < 2 {
                return Err(Malformed("JPEG segment length under 2"));
            }
            let payload = bytes.get(pos + 2..pos + len).ok_or(TRUNCATED)?;
            pos += len;
            match marker {
                APP0 => {
                    if let Some(jfif) = jfif_without_thumbnail(payload) {
                        segment(&mut out, APP0, &jfif)?;
                    }
                }
                APP14 => {
                    // Adobe's colour transform flag; its fixed part only.
                    if let Some(adobe) = payload.get(..12).filter(|p| p.starts_with(b"Adobe")) {
                        segment(&mut out, APP14, adobe)?;
                    }
                }
                // APP1 (EXIF, XMP), APP2 (ICC, FlashPix), APP13 (Photoshop, IPTC), other APPn, COM.
                0xE1..=0xED | 0xEF | COM => {}
                DQT => {
                    check_dqt(payload)?;
                    segment(&mut out, marker, payload)?;
                }
                DHT => {
                    check_dht(payload)?;
                    segment(&mut out, marker, payload)?;
                }
                DAC => {
                    check_dac(payload)?;
                    segment(&mut out, marker, payload)?;
                }
                DRI => {
                    if payload.len() != 2 {
                        return Err(Malformed("bad JPEG DRI segment"));
                    }
                    segment(&mut out, marker, payload)?;
                }
                DNL => {
                    if payload.len() != 2 || scans == 0 {
                        return Err(Malformed("bad JPEG DNL segment"));
                    }
                    segment(&mut out, marker, payload)?;
                }
                // Baseline, extended, progressive and lossless frames, Huffman or arithmetic coded.
                // Hierarchical frames (SOF5–7, SOF13–15, with DHP and EXP) are not supported.
                0xC0..=0xC3 | 0xC9..=0xCB => {
                    if frame {
                        return Err(Malformed("more than one JPEG frame"));
                    }
                    check_sof(payload)?;
                    frame = true;
                    segment(&mut out, marker, payload)?;
                }
                SOS => {
                    if !frame {
                        return Err(Malformed("JPEG scan before its frame header"));
                    }
                    check_sos(payload)?;
                    segment(&mut out, marker, payload)?;
                    let end = entropy_coded_end(bytes, pos)?;
                    out.extend_from_slice(bytes.get(pos..end).ok_or(TRUNCATED)?);
                    pos = end;
                    scans += 1;
                }
                _ => return Err(Malformed("unsupported JPEG marker")),
            }
        }
    }

    fn segment(out: &mut Vec<u8>, marker: u8, payload: &[u8]) -> Result<(), Refused> {
        let len =
            u16::try_from(payload.len() + 2).map_err(|_| Malformed("JPEG segment too long"))?;
        out.extend_from_slice(&[0xFF, marker]);
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(payload);
        Ok(())
    }

    /// Where the entropy-coded data starting at `start` ends: at the 0xFF (or run of 0xFF fill
    /// bytes) that begins the next marker other than RSTn, a 0xFF00 being a stuffed data byte.
    fn entropy_coded_end(bytes: &[u8], start: usize) -> Result<usize, Refused> {
        let mut pos = start;
        loop {
            let rest = bytes.get(pos..).ok_or(TRUNCATED)?;
            let ff = pos + memchr::memchr(0xFF, rest).ok_or(TRUNCATED)?;
            let mut next = ff + 1;
            while bytes.get(next) == Some(&0xFF) {
                next += 1;
            }
            match bytes.get(next) {
                None => return Err(TRUNCATED),
                Some(0x00 | 0xD0..=0xD7) => pos = next + 1,
                Some(_) => return Ok(ff),
            }
        }
    }

    /// A JFIF APP0 segment's fixed part with its thumbnail removed (a thumbnail can show what a
    /// crop removed); `None` for any other APP0 (JFXX thumbnails, AVI1…), which is dropped.
    fn jfif_without_thumbnail(payload: &[u8]) -> Option<[u8; 14]> {
        let fixed = payload.get(..12).filter(|p| p.starts_with(b"JFIF\0"))?;
        payload.get(13)?; // The thumbnail's width and height bytes must exist.
        let mut jfif = [0u8; 14];
        jfif[..12].copy_from_slice(fixed);
        Some(jfif)
    }

    fn check_dqt(mut payload: &[u8]) -> Result<(), Refused> {
        const BAD: Refused = Malformed("bad JPEG DQT segment");
        if payload.is_empty() {
            return Err(BAD);
        }
        while let Some((&pq_tq, rest)) = payload.split_first() {
            let (precision, table) = (pq_tq >> 4, pq_tq & 0x0F);
            if precision > 1 || table > 3 {
                return Err(BAD);
            }
            payload = rest.get(64 * (usize::from(precision) + 1)..).ok_or(BAD)?;
        }
        Ok(())
    }

    fn check_dht(mut payload: &[u8]) -> Result<(), Refused> {
        const BAD: Refused = Malformed("bad JPEG DHT segment");
        if payload.is_empty() {
            return Err(BAD);
        }
        while let Some((&tc_th, rest)) = payload.split_first() {
            if tc_th >> 4 > 1 || tc_th & 0x0F > 3 {
                return Err(BAD);
            }
            let counts = rest.get(..16).ok_or(BAD)?;
            let values: usize = counts.iter().map(|&n| usize::from(n)).sum();
            if values > 256 {
                return Err(BAD);
            }
            payload = rest.get(16 + values..).ok_or(BAD)?;
        }
        Ok(())
    }

    /// Arithmetic conditioning: (class and destination, value) pairs.
    fn check_dac(payload: &[u8]) -> Result<(), Refused> {
        let pairs = payload.chunks_exact(2);
        let valid = !payload.is_empty()
            && pairs.remainder().is_empty()
            && pairs.into_iter().all(|pair| match *pair {
                [tc_tb, cs] if tc_tb >> 4 == 0 && tc_tb & 0x0F <= 3 => cs & 0x0F <= cs >> 4,
                [tc_tb, cs] if tc_tb >> 4 == 1 && tc_tb & 0x0F <= 3 => (1..=63).contains(&cs),
                _ => false,
            });
        if valid {
            Ok(())
        } else {
            Err(Malformed("bad JPEG DAC segment"))
        }
    }

    /// Precision, height, width, then (id, sampling factors, quantisation table) per component.
    fn check_sof(payload: &[u8]) -> Result<(), Refused> {
        const BAD: Refused = Malformed("bad JPEG frame header");
        let (&precision, &count) = (payload.first().ok_or(BAD)?, payload.get(5).ok_or(BAD)?);
        let width = be16(payload, 3).ok_or(BAD)?;
        let components = payload.get(6..).ok_or(BAD)?;
        let valid = (2..=16).contains(&precision)
            && width != 0
            && count != 0
            && components.len() == 3 * usize::from(count)
            && components.chunks_exact(3).all(|c| match *c {
                [_, hv, tq] => {
                    (1..=4).contains(&(hv >> 4)) && (1..=4).contains(&(hv & 0x0F)) && tq <= 3
                }
                _ => false,
            });
        if valid { Ok(()) } else { Err(BAD) }
    }

    /// Component count, (id, DC and AC tables) per component, spectral selection, approximation.
    fn check_sos(payload: &[u8]) -> Result<(), Refused> {
        const BAD: Refused = Malformed("bad JPEG scan header");
        let count = *payload.first().ok_or(BAD)?;
        let components = payload.get(1..1 + 2 * usize::from(count)).ok_or(BAD)?;
        let valid = (1..=4).contains(&count)
            && payload.len() == 4 + 2 * usize::from(count)
            && components.chunks_exact(2).all(|c| match *c {
                [_, td_ta] => td_ta >> 4 <= 3 && td_ta & 0x0F <= 3,
                _ => false,
            })
            && match payload.get(payload.len() - 3..) {
                Some(&[ss, se, ah_al]) => {
                    ss <= se && se <= 63 && ah_al >> 4 <= 13 && ah_al & 0x0F <= 13
                }
                _ => false,
            };
        if valid { Ok(()) } else { Err(BAD) }
    }
}

/// GIF: header, logical screen descriptor, global colour table, then blocks up to the trailer.
/// Images (descriptor, local colour table, LZW data) are copied verbatim; of the extensions only the
/// graphic control extension and the looping application extension are kept, rewritten to their
/// fixed form.
mod gif {
    use super::Refused::{self, Malformed};

    const IMAGE: u8 = 0x2C;
    const EXTENSION: u8 = 0x21;
    const TRAILER: u8 = 0x3B;
    const GRAPHIC_CONTROL: u8 = 0xF9;
    const APPLICATION: u8 = 0xFF;
    const LOOPING: [&[u8; 11]; 2] = [b"NETSCAPE2.0", b"ANIMEXTS1.0"];

    const TRUNCATED: Refused = Malformed("truncated GIF (no trailer)");

    pub(super) fn strip(bytes: &[u8]) -> Result<Vec<u8>, Refused> {
        let packed = *bytes.get(10).ok_or(TRUNCATED)?;
        let head = bytes
            .get(..13 + colour_table_len(packed))
            .ok_or(TRUNCATED)?;
        let mut out = Vec::with_capacity(bytes.len());
        out.extend_from_slice(head);
        let mut pos = head.len();
        let mut images = 0usize;
        loop {
            match *bytes.get(pos).ok_or(TRUNCATED)? {
                TRAILER if images == 0 => return Err(Malformed("GIF without an image")),
                // Whatever follows the trailer is dropped.
                TRAILER => {
                    out.push(TRAILER);
                    return Ok(out);
                }
                IMAGE => {
                    let packed = *bytes.get(pos + 9).ok_or(TRUNCATED)?;
                    let lzw = pos + 10 + colour_table_len(packed);
                    let code_size = *bytes.get(lzw).ok_or(TRUNCATED)?;
                    let end = sub_blocks_end(bytes, lzw + 1)?;
                    let data = bytes.get(lzw + 1..end).ok_or(TRUNCATED)?;
                    let used = lzw_data_len(code_size, data)?;
                    // The descriptor, colour table and code size, then the data up to its end code.
                    out.extend_from_slice(bytes.get(pos..=lzw).ok_or(TRUNCATED)?);
                    let mut left = used;
                    for block in sub_blocks(data) {
                        let block = block.get(..left.min(block.len())).unwrap_or_default();
                        if block.is_empty() {
                            break;
                        }
                        out.push(u8::try_from(block.len()).unwrap_or(u8::MAX));
                        out.extend_from_slice(block);
                        left -= block.len();
                    }
                    out.push(0);
                    pos = end;
                    images += 1;
                }
                EXTENSION => {
                    let label = *bytes.get(pos + 1).ok_or(TRUNCATED)?;
                    let blocks_start = pos + 2;
                    let end = sub_blocks_end(bytes, blocks_start)?;
                    let blocks = bytes.get(blocks_start..end).ok_or(TRUNCATED)?;
                    match label {
                        GRAPHIC_CONTROL => {
                            let fields = blocks
                                .get(1..5)
                                .filter(|_| blocks.first() == Some(&4))
                                .ok_or(Malformed("bad GIF graphic control extension"))?;
                            out.extend_from_slice(&[EXTENSION, GRAPHIC_CONTROL, 4]);
                            out.extend_from_slice(fields);
                            out.push(0);
                        }
                        APPLICATION => {
                            if let Some((id, count)) = looping(blocks) {
                                out.extend_from_slice(&[EXTENSION, APPLICATION, 11]);
                                out.extend_from_slice(id);
                                out.extend_from_slice(&[3, 1, count[0], count[1], 0]);
                            }
                        }
                        // Comments, plain text, XMP and every other application extension.
                        _ => {}
                    }
                    pos = end;
                }
                _ => return Err(Malformed("unknown GIF block")),
            }
        }
    }

    fn colour_table_len(packed: u8) -> usize {
        if packed & 0x80 != 0 {
            3 << ((packed & 0x07) + 1)
        } else {
            0
        }
    }

    /// The end (after the terminator) of the sub-blocks starting at `pos`.
    fn sub_blocks_end(bytes: &[u8], mut pos: usize) -> Result<usize, Refused> {
        loop {
            let size = usize::from(*bytes.get(pos).ok_or(TRUNCATED)?);
            pos += 1;
            if size == 0 {
                return Ok(pos);
            }
            pos += size;
        }
    }

    /// The sub-blocks of a checked run of them, without sizes nor terminator.
    fn sub_blocks(mut rest: &[u8]) -> impl Iterator<Item = &[u8]> {
        std::iter::from_fn(move || {
            let (&size, tail) = rest.split_first()?;
            let size = usize::from(size);
            if size == 0 {
                return None;
            }
            let block = tail.get(..size)?;
            rest = tail.get(size..)?;
            Some(block)
        })
    }

    /// How many bytes of the LZW data (the concatenated sub-blocks) hold the codes up to the end
    /// code. The codes are checked the way decoders read them, without decoding pixels: a code is
    /// never one the table does not have yet. Data without an end code is refused, and whatever
    /// follows the end code is not image data: a corrupt sub-block size can make the blocks that
    /// followed the image look like its data.
    fn lzw_data_len(code_size: u8, data: &[u8]) -> Result<usize, Refused> {
        const BAD: Refused = Malformed("bad GIF LZW data");
        if !(2..=11).contains(&code_size) {
            return Err(Malformed("bad GIF LZW code size"));
        }
        let clear = 1u16 << code_size;
        let end = clear + 1;
        let (mut next, mut width, mut after_clear) = (clear + 2, code_size + 1, true);
        let mut bytes = sub_blocks(data).flatten();
        let (mut bits, mut held, mut used) = (0u32, 0u8, 0usize);
        loop {
            while held < width {
                let byte = bytes
                    .next()
                    .ok_or(Malformed("GIF image data without end code"))?;
                bits |= u32::from(*byte) << held;
                held += 8;
                used += 1;
            }
            let code = u16::try_from(bits & ((1 << width) - 1)).map_err(|_| BAD)?;
            bits >>= width;
            held -= width;
            if code == clear {
                (next, width, after_clear) = (clear + 2, code_size + 1, true);
            } else if code == end {
                return Ok(used);
            } else if after_clear {
                // The first code after a clear code is a colour index: no table entry is added.
                if code >= clear {
                    return Err(BAD);
                }
                after_clear = false;
            } else {
                // `next` itself is the entry being defined (the KwKwK case).
                if code > next {
                    return Err(BAD);
                }
                if next < 4096 {
                    next += 1;
                    if next == 1 << width && width < 12 {
                        width += 1;
                    }
                }
            }
        }
    }

    /// The identifier and loop count of a NETSCAPE2.0 or ANIMEXTS1.0 extension; `None` for any
    /// other application extension (XMP among them), or one without a loop count.
    fn looping(blocks: &[u8]) -> Option<(&[u8; 11], [u8; 2])> {
        let mut blocks = sub_blocks(blocks);
        let id = blocks.next()?;
        let id = *LOOPING.iter().find(|known| known.as_slice() == id)?;
        let count = blocks.find_map(|block| match block {
            [1, lo, hi] => Some([*lo, *hi]),
            _ => None,
        })?;
        Some((id, count))
    }
}

/// WebP: a RIFF container of chunks. The image chunks are kept (the bitstream verbatim), VP8X is
/// rewritten without the flags of the dropped chunks, ANMF frames are rebuilt without their unknown
/// chunks, and the RIFF size is recomputed. Anything after the RIFF container is dropped.
mod webp {
    use super::Refused::{self, Malformed};
    use super::{array, le32};

    const ALPHA: u8 = 0x10;
    const ANIMATION: u8 = 0x02;

    const TRUNCATED: Refused = Malformed("truncated WebP");

    struct Chunk<'a> {
        fourcc: [u8; 4],
        payload: &'a [u8],
    }

    pub(super) fn strip(bytes: &[u8]) -> Result<Vec<u8>, Refused> {
        let riff_size = le32(bytes, 4).ok_or(TRUNCATED)?;
        let end = usize::try_from(riff_size)
            .ok()
            .and_then(|size| size.checked_add(8))
            .ok_or(TRUNCATED)?;
        let body = bytes.get(12..end).ok_or(TRUNCATED)?;
        let chunks = chunks(body)?;
        let mut chunks = chunks.iter();
        let first = chunks.next().ok_or(Malformed("WebP without chunks"))?;
        let mut out = Vec::with_capacity(bytes.len());
        out.extend_from_slice(b"RIFF\0\0\0\0WEBP");
        match &first.fourcc {
            b"VP8 " | b"VP8L" => {
                // The simple format: the bitstream alone; anything else is dropped.
                check_bitstream(first)?;
                emit(&mut out, &first.fourcc, first.payload)?;
                if chunks.any(|c| is_image_chunk(&c.fourcc)) {
                    return Err(Malformed("unexpected WebP image chunk"));
                }
            }
            b"VP8X" => extended(&mut out, first.payload, chunks)?,
            _ => return Err(Malformed("WebP starting with neither VP8, VP8L nor VP8X")),
        }
        let size = u32::try_from(out.len() - 8).map_err(|_| Malformed("WebP too large"))?;
        out[4..8].copy_from_slice(&size.to_le_bytes());
        Ok(out)
    }

    fn extended<'a>(
        out: &mut Vec<u8>,
        vp8x: &[u8],
        chunks: impl Iterator<Item = &'a Chunk<'a>>,
    ) -> Result<(), Refused> {
        let canvas: [u8; 6] = array(vp8x, 4).ok_or(Malformed("bad WebP VP8X chunk"))?;
        // Keep the alpha and animation flags; clear ICC, EXIF, XMP and the reserved bits.
        let flags = vp8x.first().copied().unwrap_or(0) & (ALPHA | ANIMATION);
        let animated = flags & ANIMATION != 0;
        let mut header = [0u8; 10];
        header[0] = flags;
        header[4..].copy_from_slice(&canvas);
        emit(out, b"VP8X", &header)?;
        let (mut anim, mut frames, mut alph, mut bitstreams) = (false, 0usize, false, 0usize);
        for chunk in chunks {
            match &chunk.fourcc {
                b"ANIM" if animated && !anim => {
                    let anim_fields = chunk.payload.get(..6).ok_or(Malformed("bad WebP ANIM"))?;
                    emit(out, b"ANIM", anim_fields)?;
                    anim = true;
                }
                b"ANMF" if anim => {
                    let frame = frame_without_unknown_chunks(chunk.payload)?;
                    emit(out, b"ANMF", &frame)?;
                    frames += 1;
                }
                b"ALPH" if !animated && !alph && bitstreams == 0 => {
                    emit(out, b"ALPH", chunk.payload)?;
                    alph = true;
                }
                b"VP8 " | b"VP8L" if !animated && bitstreams == 0 => {
                    check_bitstream(chunk)?;
                    emit(out, &chunk.fourcc, chunk.payload)?;
                    bitstreams += 1;
                }
                fourcc if is_image_chunk(fourcc) => {
                    return Err(Malformed("unexpected WebP image chunk"));
                }
                // ICCP, EXIF, "XMP " and unknown chunks.
                _ => {}
            }
        }
        let complete = if animated {
            frames > 0
        } else {
            bitstreams == 1
        };
        if !complete {
            return Err(Malformed("WebP without image data"));
        }
        Ok(())
    }

    /// An ANMF payload: its 16-byte frame header, then an optional ALPH, a bitstream, and unknown
    /// chunks, which are dropped.
    fn frame_without_unknown_chunks(payload: &[u8]) -> Result<Vec<u8>, Refused> {
        const BAD: Refused = Malformed("bad WebP animation frame");
        let header = payload.get(..16).ok_or(BAD)?;
        let mut frame = header.to_vec();
        let (mut alph, mut bitstreams) = (false, 0usize);
        for chunk in chunks(payload.get(16..).ok_or(BAD)?)? {
            match &chunk.fourcc {
                b"ALPH" if !alph && bitstreams == 0 => {
                    emit(&mut frame, b"ALPH", chunk.payload)?;
                    alph = true;
                }
                b"VP8 " | b"VP8L" if bitstreams == 0 => {
                    check_bitstream(&chunk)?;
                    emit(&mut frame, &chunk.fourcc, chunk.payload)?;
                    bitstreams += 1;
                }
                fourcc if is_image_chunk(fourcc) => return Err(BAD),
                _ => {}
            }
        }
        if bitstreams != 1 {
            return Err(BAD);
        }
        Ok(frame)
    }

    fn is_image_chunk(fourcc: &[u8; 4]) -> bool {
        matches!(
            fourcc,
            b"VP8 " | b"VP8L" | b"VP8X" | b"ALPH" | b"ANIM" | b"ANMF"
        )
    }

    /// The bitstream chunks' own signatures: the VP8 key-frame start code, the VP8L signature byte.
    fn check_bitstream(chunk: &Chunk<'_>) -> Result<(), Refused> {
        let ok = match &chunk.fourcc {
            b"VP8 " => {
                chunk.payload.len() >= 10
                    && chunk.payload.get(3..6) == Some([0x9D, 0x01, 0x2A].as_slice())
            }
            _ => chunk.payload.len() >= 5 && chunk.payload.first() == Some(&0x2F),
        };
        if ok {
            Ok(())
        } else {
            Err(Malformed("bad WebP bitstream header"))
        }
    }

    /// The chunks of a RIFF body, each padded to an even size.
    fn chunks(body: &[u8]) -> Result<Vec<Chunk<'_>>, Refused> {
        let mut chunks = Vec::new();
        let mut pos = 0;
        while pos < body.len() {
            let fourcc: [u8; 4] = array(body, pos).ok_or(TRUNCATED)?;
            let size = le32(body, pos + 4).ok_or(TRUNCATED)?;
            let end = usize::try_from(size)
                .ok()
                .and_then(|size| (pos + 8).checked_add(size))
                .ok_or(TRUNCATED)?;
            let payload = body.get(pos + 8..end).ok_or(TRUNCATED)?;
            pos = end + (end - pos) % 2;
            if pos > body.len() {
                return Err(Malformed("WebP chunk without its padding byte"));
            }
            chunks.push(Chunk { fourcc, payload });
        }
        Ok(chunks)
    }

    fn emit(out: &mut Vec<u8>, fourcc: &[u8; 4], payload: &[u8]) -> Result<(), Refused> {
        let size = u32::try_from(payload.len()).map_err(|_| Malformed("WebP chunk too large"))?;
        out.extend_from_slice(fourcc);
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(payload);
        if payload.len() % 2 == 1 {
            out.push(0);
        }
        Ok(())
    }
}

/// AVIF: ISOBMFF boxes. Removing a metadata item would mean rewriting the `iloc` offsets, so this
/// only checks, by allow-lists, that there is none: the top-level boxes, the `meta` box's children,
/// its items' types (no `Exif`, no `mime` for XMP) and properties (no ICC profile, no `udes`
/// description), and the boxes of an image sequence (`moov`: no `udta`, no `meta`, no metadata
/// track). An image that passes is published unchanged.
///
/// Not checked: bytes of `mdat` that no item or sample references (an editor's leftovers); the
/// names in `infe` and `hdlr` boxes (free text, "Color" or "libavif" in practice); the content of
/// the allowed property and sample-table boxes, in which a corrupt size could hide a box that
/// followed (`iinf`, `iloc`, `pitm` and `hdlr` are checked against that).
mod avif {
    use super::Refused::{self, Malformed, MetadataKept};
    use super::{array, be16, be32, be64};
    use std::collections::HashSet;

    const TRUNCATED: Refused = Malformed("truncated AVIF box");

    /// Whether the bytes start with an `ftyp` box listing the `avif` or `avis` brand (HEIC and
    /// other HEIF files do not).
    pub(super) fn has_avif_brand(bytes: &[u8]) -> bool {
        let Some(size) = be32(bytes, 0).and_then(|size| usize::try_from(size).ok()) else {
            return false;
        };
        let Some(ftyp) = bytes
            .get(..size)
            .filter(|b| size >= 16 && b.get(4..8) == Some(b"ftyp".as_slice()))
        else {
            return false;
        };
        let major = ftyp.get(8..12).into_iter();
        let compatible = ftyp.get(16..).unwrap_or_default().chunks_exact(4);
        major
            .chain(compatible)
            .any(|brand| brand == b"avif" || brand == b"avis")
    }

    struct Bx<'a> {
        kind: [u8; 4],
        body: &'a [u8],
    }

    pub(super) fn check(bytes: &[u8]) -> Result<(), Refused> {
        let mut metas = 0usize;
        for (i, bx) in boxes(bytes, true)?.iter().enumerate() {
            match &bx.kind {
                b"ftyp" if i == 0 => {}
                b"ftyp" => return Err(Malformed("second AVIF ftyp box")),
                b"meta" => {
                    meta(bx.body)?;
                    metas += 1;
                }
                b"mdat" => {}
                b"moov" => moov(bx.body)?,
                b"free" | b"skip" => free(bx.body)?,
                kind => return Err(unknown(kind, "unknown top-level AVIF box")),
            }
        }
        if metas != 1 {
            return Err(Malformed("AVIF without exactly one meta box"));
        }
        Ok(())
    }

    /// The boxes filling `data`. A size of 0 (up to the end) is only allowed at the top level.
    fn boxes(data: &[u8], top_level: bool) -> Result<Vec<Bx<'_>>, Refused> {
        let mut boxes = Vec::new();
        let mut pos = 0;
        while pos < data.len() {
            let size = be32(data, pos).ok_or(TRUNCATED)?;
            let kind: [u8; 4] = array(data, pos + 4).ok_or(TRUNCATED)?;
            let (mut header, size) = match size {
                0 if top_level => (8, data.len() - pos),
                0 => return Err(Malformed("AVIF box of size 0 inside another box")),
                1 => {
                    let large = be64(data, pos + 8).ok_or(TRUNCATED)?;
                    (16, usize::try_from(large).map_err(|_| TRUNCATED)?)
                }
                size => (8, usize::try_from(size).map_err(|_| TRUNCATED)?),
            };
            if &kind == b"uuid" {
                header += 16;
            }
            if size < header {
                return Err(Malformed("AVIF box smaller than its header"));
            }
            let end = pos.checked_add(size).ok_or(TRUNCATED)?;
            let body = data.get(pos + header..end).ok_or(TRUNCATED)?;
            boxes.push(Bx { kind, body });
            pos = end;
        }
        Ok(boxes)
    }

    /// The refusal for a box outside the allow-lists: metadata if it is known to hold some.
    fn unknown(kind: &[u8; 4], otherwise: &'static str) -> Refused {
        match kind {
            b"udta" | b"meta" | b"uuid" | b"xml " | b"bxml" | b"Exif" => {
                MetadataKept("AVIF box holding metadata (udta, meta, uuid, xml, Exif)")
            }
            _ => MetadataKept(otherwise),
        }
    }

    /// A FullBox's body after its version and flags.
    fn full_box(body: &[u8]) -> Result<&[u8], Refused> {
        body.get(4..).ok_or(TRUNCATED)
    }

    /// A `hdlr` box's handler type. Its name, a string, must end the box, so that a wrong size
    /// cannot hide the boxes that followed it in the name.
    fn handler(body: &[u8]) -> Result<[u8; 4], Refused> {
        // version and flags, pre_defined, handler_type, reserved, name.
        let name = body.get(24..).ok_or(TRUNCATED)?;
        let end = name.iter().position(|&b| b == 0);
        if end.is_none_or(|end| name.iter().skip(end).any(|&b| b != 0)) {
            return Err(Malformed("bad AVIF handler name"));
        }
        array(body, 8).ok_or(TRUNCATED)
    }

    fn free(body: &[u8]) -> Result<(), Refused> {
        if body.iter().any(|&b| b != 0) {
            return Err(MetadataKept("AVIF free box with content"));
        }
        Ok(())
    }

    /// The image's `meta` box. Besides the allow-lists, the item locations (`iloc`) must all be
    /// of items declared (`iinf`), and the boxes whose layout is fixed must fill their size, so
    /// that a wrong size cannot hide an item.
    fn meta(body: &[u8]) -> Result<(), Refused> {
        let (mut pict, mut declared, mut located) = (false, None, None);
        for bx in boxes(full_box(body)?, false)? {
            match &bx.kind {
                b"hdlr" if &handler(bx.body)? == b"pict" => pict = true,
                b"hdlr" => return Err(MetadataKept("AVIF meta box not for a picture")),
                b"iinf" if declared.is_none() => declared = Some(items(bx.body)?),
                b"iloc" if located.is_none() => located = Some(locations(bx.body)?),
                b"iinf" | b"iloc" => return Err(Malformed("second AVIF iinf or iloc box")),
                b"iprp" => properties(bx.body)?,
                b"pitm" => {
                    let id_len = if bx.body.first() == Some(&0) { 2 } else { 4 };
                    if bx.body.len() != 4 + id_len {
                        return Err(Malformed("bad AVIF pitm box"));
                    }
                }
                b"iref" | b"idat" | b"dinf" | b"grpl" => {}
                kind => return Err(unknown(kind, "unknown box in the AVIF meta box")),
            }
        }
        let (Some(declared), Some(located)) = (declared, located) else {
            return Err(Malformed("AVIF meta box without iinf or iloc"));
        };
        if !pict {
            return Err(Malformed("AVIF meta box without handler"));
        }
        if !located.iter().all(|id| declared.contains(id)) {
            return Err(Malformed("AVIF item located but not declared"));
        }
        Ok(())
    }

    /// The ids of the items declared by `iinf`, each of an allowed type.
    fn items(iinf: &[u8]) -> Result<HashSet<u32>, Refused> {
        let (count, entries) = match iinf.first() {
            Some(0) => (be16(iinf, 4).map(u32::from), iinf.get(6..)),
            _ => (be32(iinf, 4), iinf.get(8..)),
        };
        let (count, entries) = count.zip(entries).ok_or(TRUNCATED)?;
        let entries = boxes(entries, false)?;
        if usize::try_from(count) != Ok(entries.len()) {
            return Err(Malformed("AVIF item count mismatch"));
        }
        let mut ids = HashSet::with_capacity(entries.len());
        for entry in entries {
            if &entry.kind != b"infe" {
                return Err(Malformed("AVIF item list with another box than infe"));
            }
            // version 2: 16-bit item_ID, version 3: 32-bit; then item_protection_index, item_type.
            let (id, item_type) = match entry.body.first() {
                Some(2) => be16(entry.body, 4).map(u32::from).zip(array(entry.body, 8)),
                Some(3) => be32(entry.body, 4).zip(array(entry.body, 10)),
                _ => {
                    return Err(MetadataKept(
                        "AVIF item info of version 0 or 1 (MIME content)",
                    ));
                }
            }
            .ok_or(TRUNCATED)?;
            match &item_type {
                b"av01" | b"grid" | b"iovl" | b"iden" | b"tmap" => {}
                b"Exif" => return Err(MetadataKept("AVIF Exif item")),
                b"mime" => return Err(MetadataKept("AVIF XMP (mime) item")),
                _ => return Err(MetadataKept("unknown AVIF item type")),
            }
            ids.insert(id);
        }
        Ok(ids)
    }

    /// The ids of the items located by `iloc`, which must fill its box exactly.
    fn locations(iloc: &[u8]) -> Result<Vec<u32>, Refused> {
        const BAD: Refused = Malformed("bad AVIF iloc box");
        let version = *iloc.first().ok_or(BAD)?;
        let [offset_length, base_index]: [u8; 2] = array(iloc, 4).ok_or(BAD)?;
        let (offset, length) = (offset_length >> 4, offset_length & 0x0F);
        let base = base_index >> 4;
        let index = if version == 0 { 0 } else { base_index & 0x0F };
        if version > 2
            || [offset, length, base, index]
                .iter()
                .any(|s| ![0, 4, 8].contains(s))
        {
            return Err(BAD);
        }
        let mut reader = Reader {
            bytes: iloc,
            pos: 6,
        };
        let count = if version < 2 {
            reader.int(2)
        } else {
            reader.int(4)
        }
        .ok_or(BAD)?;
        let mut ids = Vec::new();
        for _ in 0..count {
            let id = if version < 2 {
                reader.int(2)
            } else {
                reader.int(4)
            }
            .ok_or(BAD)?;
            let construction = if version == 0 {
                0
            } else {
                reader.int(2).ok_or(BAD)?
            };
            reader.int(2).ok_or(BAD)?; // data_reference_index
            reader.int(base).ok_or(BAD)?; // base_offset
            let extents = reader.int(2).ok_or(BAD)?;
            let extent_len = usize::from(index + offset + length);
            let skipped = usize::try_from(extents)
                .ok()
                .and_then(|n| n.checked_mul(extent_len));
            reader.pos = skipped.and_then(|n| reader.pos.checked_add(n)).ok_or(BAD)?;
            if construction > 2 || reader.pos > iloc.len() {
                return Err(BAD);
            }
            ids.push(u32::try_from(id).map_err(|_| BAD)?);
        }
        if reader.pos != iloc.len() {
            return Err(BAD);
        }
        Ok(ids)
    }

    /// Big-endian integers of 0, 2, 4 or 8 bytes, read in turn.
    struct Reader<'a> {
        bytes: &'a [u8],
        pos: usize,
    }

    impl Reader<'_> {
        fn int(&mut self, len: u8) -> Option<u64> {
            let value = match len {
                0 => 0,
                2 => u64::from(be16(self.bytes, self.pos)?),
                4 => u64::from(be32(self.bytes, self.pos)?),
                8 => be64(self.bytes, self.pos)?,
                _ => return None,
            };
            self.pos += usize::from(len);
            Some(value)
        }
    }

    fn properties(iprp: &[u8]) -> Result<(), Refused> {
        for bx in boxes(iprp, false)? {
            match &bx.kind {
                b"ipma" => {}
                b"ipco" => {
                    for property in boxes(bx.body, false)? {
                        match &property.kind {
                            // Colour as code points only: an ICC profile is metadata here as in
                            // the other formats (its text tags can name a device), and cannot be
                            // removed.
                            b"colr" => match property.body.get(..4) {
                                Some(b"nclx") if property.body.len() == 11 => {}
                                Some(b"prof" | b"rICC") => {
                                    return Err(MetadataKept("AVIF ICC colour profile"));
                                }
                                _ => return Err(Malformed("bad AVIF colr property")),
                            },
                            b"av1C" | b"ispe" | b"pixi" | b"pasp" | b"clap" | b"irot" | b"imir"
                            | b"auxC" | b"clli" | b"mdcv" | b"cclv" | b"amve" | b"a1op"
                            | b"a1lx" | b"lsel" | b"rloc" => {}
                            b"udes" => return Err(MetadataKept("AVIF user description property")),
                            kind => return Err(unknown(kind, "unknown AVIF item property")),
                        }
                    }
                }
                kind => return Err(unknown(kind, "unknown box in AVIF item properties")),
            }
        }
        Ok(())
    }

    const IN_SEQUENCE: &str = "unknown box in an AVIF image sequence";

    fn moov(body: &[u8]) -> Result<(), Refused> {
        for bx in boxes(body, false)? {
            match &bx.kind {
                b"mvhd" => {}
                b"trak" => trak(bx.body)?,
                kind => return Err(unknown(kind, IN_SEQUENCE)),
            }
        }
        Ok(())
    }

    fn trak(body: &[u8]) -> Result<(), Refused> {
        for bx in boxes(body, false)? {
            match &bx.kind {
                b"tkhd" | b"tref" | b"edts" => {}
                b"mdia" => mdia(bx.body)?,
                kind => return Err(unknown(kind, IN_SEQUENCE)),
            }
        }
        Ok(())
    }

    fn mdia(body: &[u8]) -> Result<(), Refused> {
        for bx in boxes(body, false)? {
            match &bx.kind {
                b"mdhd" => {}
                b"hdlr" => match &handler(bx.body)? {
                    b"pict" | b"vide" | b"auxv" => {}
                    _ => return Err(MetadataKept("AVIF track that is not a picture (metadata?)")),
                },
                b"minf" => minf(bx.body)?,
                kind => return Err(unknown(kind, IN_SEQUENCE)),
            }
        }
        Ok(())
    }

    fn minf(body: &[u8]) -> Result<(), Refused> {
        for bx in boxes(body, false)? {
            match &bx.kind {
                b"vmhd" | b"nmhd" | b"dinf" => {}
                b"stbl" => {
                    for table in boxes(bx.body, false)? {
                        match &table.kind {
                            b"stsd" | b"stts" | b"ctts" | b"stsc" | b"stsz" | b"stz2" | b"stco"
                            | b"co64" | b"stss" | b"sdtp" | b"sgpd" | b"sbgp" | b"subs"
                            | b"saiz" | b"saio" | b"cslg" => {}
                            kind => return Err(unknown(kind, IN_SEQUENCE)),
                        }
                    }
                }
                kind => return Err(unknown(kind, IN_SEQUENCE)),
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every sample's metadata holds this, followed by where it sits (`GPSMARKER-PNG-TEXT`…).
    const MARK: &[u8] = b"GPSMARKER";

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        memchr::memmem::find(haystack, needle).is_some()
    }

    fn cat(parts: &[&[u8]]) -> Vec<u8> {
        parts.concat()
    }

    /// Strips, checks that no marker is left and that the output is a fixed point (it parses again
    /// as the same format, and stripping it again changes nothing).
    fn strip(input: &[u8], kind: ImageKind) -> Vec<u8> {
        let (found, out) = publishable(input).unwrap_or_else(|e| panic!("refused: {e}"));
        assert_eq!(found, kind);
        assert!(!contains(&out, MARK), "a marker is left in {out:?}");
        assert_eq!(publishable(&out), Ok((kind, out.clone())));
        out
    }

    // ---- PNG ----

    /// Bitwise CRC-32, independent of the module's table-driven one.
    fn crc32_bitwise(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut chunk = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
        chunk.extend_from_slice(kind);
        chunk.extend_from_slice(data);
        let crc = crc32_bitwise(&chunk[4..]);
        chunk.extend_from_slice(&crc.to_be_bytes());
        chunk
    }

    /// A zlib stream of one stored block: valid for decoders, and its content stays readable.
    fn zlib_stored(raw: &[u8]) -> Vec<u8> {
        let len = u16::try_from(raw.len()).unwrap();
        let mut z = vec![0x78, 0x01, 0x01];
        z.extend_from_slice(&len.to_le_bytes());
        z.extend_from_slice(&(!len).to_le_bytes());
        z.extend_from_slice(raw);
        let (mut a, mut b) = (1u32, 0u32);
        for &x in raw {
            a = (a + u32::from(x)) % 65521;
            b = (b + a) % 65521;
        }
        z.extend_from_slice(&((b << 16) | a).to_be_bytes());
        z
    }

    fn ihdr_1x1_grey() -> Vec<u8> {
        chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0])
    }

    fn png_pixels() -> Vec<u8> {
        zlib_stored(&[0, 0x80])
    }

    fn png_with_metadata() -> Vec<u8> {
        let pixels = png_pixels();
        cat(&[
            png::SIGNATURE,
            &ihdr_1x1_grey(),
            &chunk(b"tEXt", b"Comment\0GPSMARKER-PNG-TEXT"),
            &chunk(b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0GPSMARKER-PNG-ITXT"),
            &chunk(
                b"zTXt",
                &cat(&[b"Author\0\0", &zlib_stored(b"GPSMARKER-PNG-ZTXT")]),
            ),
            &chunk(b"eXIf", b"MM\0*\0\0\0\x08GPSMARKER-PNG-EXIF"),
            &chunk(
                b"iCCP",
                &cat(&[b"GPSMARKER-PNG-ICCP\0\0", &zlib_stored(b"profile")]),
            ),
            &chunk(b"tIME", &[0x07, 0xE9, 1, 2, 3, 4, 5]),
            &chunk(b"gAMA", &45455u32.to_be_bytes()),
            &chunk(b"pHYs", &[0, 0, 0x0B, 0x13, 0, 0, 0x0B, 0x13, 1]),
            &chunk(b"prVt", b"GPSMARKER-PNG-PRIVATE"),
            &chunk(b"IDAT", &pixels[..5]),
            &chunk(b"IDAT", &pixels[5..]),
            &chunk(b"tEXt", b"Comment\0GPSMARKER-PNG-TEXT-AFTER-IDAT"),
            &chunk(b"IEND", &[]),
            b"GPSMARKER-PNG-AFTER-IEND",
        ])
    }

    fn fctl(sequence: u32) -> Vec<u8> {
        let mut fctl = sequence.to_be_bytes().to_vec();
        for field in [1u32, 1, 0, 0] {
            fctl.extend_from_slice(&field.to_be_bytes()); // width, height, x, y
        }
        fctl.extend_from_slice(&[0, 1, 0, 2, 0, 0]); // delay 1/2 s, dispose, blend
        chunk(b"fcTL", &fctl)
    }

    fn apng_with_metadata() -> Vec<u8> {
        let second = zlib_stored(&[0, 0xFF]);
        cat(&[
            png::SIGNATURE,
            &ihdr_1x1_grey(),
            &chunk(b"acTL", &[0, 0, 0, 2, 0, 0, 0, 0]),
            &chunk(b"tEXt", b"Title\0GPSMARKER-APNG-TEXT"),
            &fctl(0),
            &chunk(b"IDAT", &png_pixels()),
            &fctl(1),
            &chunk(b"fdAT", &cat(&[&2u32.to_be_bytes(), &second])),
            &chunk(b"IEND", &[]),
        ])
    }

    /// The chunk types of a PNG and their whole bytes.
    fn png_chunks(png: &[u8]) -> Vec<([u8; 4], &[u8])> {
        let mut chunks = Vec::new();
        let mut pos = 8;
        while pos < png.len() {
            let len = usize::try_from(be32(png, pos).unwrap()).unwrap();
            chunks.push((array(png, pos + 4).unwrap(), &png[pos..pos + 12 + len]));
            pos += 12 + len;
        }
        chunks
    }

    #[test]
    fn png_metadata_chunks_are_dropped_and_the_rest_kept_byte_for_byte() {
        let input = png_with_metadata();
        let out = strip(&input, ImageKind::Png);
        for marker in [
            "TEXT",
            "ITXT",
            "ZTXT",
            "EXIF",
            "ICCP",
            "PRIVATE",
            "TEXT-AFTER-IDAT",
            "AFTER-IEND",
        ] {
            assert!(!contains(
                &out,
                format!("GPSMARKER-PNG-{marker}").as_bytes()
            ));
        }
        let kinds: Vec<[u8; 4]> = png_chunks(&out).iter().map(|c| c.0).collect();
        assert_eq!(
            kinds,
            [*b"IHDR", *b"gAMA", *b"pHYs", *b"IDAT", *b"IDAT", *b"IEND"]
        );
        let kept = |png: &[u8]| -> Vec<Vec<u8>> {
            png_chunks(png)
                .into_iter()
                .filter(|(kind, _)| kinds.contains(kind))
                .map(|(_, bytes)| bytes.to_vec())
                .collect()
        };
        assert_eq!(
            kept(&out),
            kept(&input[..input.len() - b"GPSMARKER-PNG-AFTER-IEND".len()])
        );
    }

    #[test]
    fn apng_frames_are_kept() {
        let out = strip(&apng_with_metadata(), ImageKind::Png);
        let kinds: Vec<[u8; 4]> = png_chunks(&out).iter().map(|c| c.0).collect();
        assert_eq!(
            kinds,
            [
                *b"IHDR", *b"acTL", *b"fcTL", *b"IDAT", *b"fcTL", *b"fdAT", *b"IEND"
            ]
        );
    }

    #[test]
    fn broken_pngs_are_refused() {
        let ihdr = ihdr_1x1_grey();
        let idat = chunk(b"IDAT", &png_pixels());
        let iend = chunk(b"IEND", &[]);
        let png_of = |chunks: &[&[u8]]| cat(&[&[png::SIGNATURE.as_slice()], chunks].concat());
        let malformed = |png: Vec<u8>| matches!(publishable(&png), Err(Refused::Malformed(_)));
        assert!(publishable(&png_of(&[&ihdr, &idat, &iend])).is_ok());
        let mut bad_crc = idat.clone();
        *bad_crc.last_mut().unwrap() ^= 1;
        assert!(malformed(png_of(&[&ihdr, &bad_crc, &iend])));
        // A dropped chunk's CRC is not checked: it goes anyway.
        let mut text = chunk(b"tEXt", b"k\0GPSMARKER-PNG-BAD-CRC");
        *text.last_mut().unwrap() ^= 1;
        strip(&png_of(&[&ihdr, &text, &idat, &iend]), ImageKind::Png);
        assert!(malformed(png_of(&[&ihdr, &idat])), "no IEND");
        assert!(malformed(png_of(&[&ihdr, &iend])), "no IDAT");
        assert!(malformed(png_of(&[&idat, &ihdr, &iend])), "IHDR not first");
        assert!(malformed(png_of(&[&ihdr, &ihdr, &idat, &iend])), "two IHDR");
        assert!(malformed(png_of(&[
            &ihdr,
            &chunk(b"CgBI", &[0; 4]),
            &idat,
            &iend
        ])));
        assert!(malformed(png_of(&[
            &ihdr,
            &chunk(b"t3Xt", b""),
            &idat,
            &iend
        ])));
        assert!(malformed(png_of(&[&ihdr, &idat, &chunk(b"IEND", b"x")])));
        let mut huge = chunk(b"tEXt", b"");
        huge[..4].copy_from_slice(&0x8000_0000u32.to_be_bytes());
        assert!(malformed(png_of(&[&ihdr, &huge, &idat, &iend])));
    }

    // ---- JPEG ----

    fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
        let len = u16::try_from(payload.len() + 2).unwrap();
        cat(&[&[0xFF, marker], &len.to_be_bytes(), payload])
    }

    fn dqt() -> Vec<u8> {
        segment(0xDB, &cat(&[&[0], &[1; 64]]))
    }

    /// A Huffman table with one code, "0", for the symbol 0 (DC: no difference; AC: end of block).
    fn dht(class_and_id: u8) -> Vec<u8> {
        segment(0xC4, &cat(&[&[class_and_id, 1], &[0; 15], &[0]]))
    }

    /// A frame of one grey component, 8 pixels high.
    fn sof(marker: u8, width: u8) -> Vec<u8> {
        segment(marker, &[8, 0, 8, 0, width, 1, 1, 0x11, 0])
    }

    fn sos(spectral_start: u8, spectral_end: u8) -> Vec<u8> {
        segment(0xDA, &[1, 1, 0x00, spectral_start, spectral_end, 0])
    }

    const SOI: &[u8] = &[0xFF, 0xD8];
    const EOI: &[u8] = &[0xFF, 0xD9];

    fn jfif(thumbnail: &[u8], size: u8) -> Vec<u8> {
        segment(
            0xE0,
            &cat(&[b"JFIF\0\x01\x02\0\0\x01\0\x01", &[size, size], thumbnail]),
        )
    }

    fn adobe() -> Vec<u8> {
        segment(0xEE, b"Adobe\0\x64\0\0\0\0\x01")
    }

    /// An 8×8 grey baseline JPEG: DC difference 0 then end of block, "00" padded with ones.
    fn jpeg_with_metadata() -> Vec<u8> {
        cat(&[
            SOI,
            &jfif(b"GPSMARKER-JPEG-THUMBNAIL...", 3),
            &segment(0xE1, b"Exif\0\0MM\0*\0\0\0\x08GPSMARKER-JPEG-EXIF"),
            &segment(
                0xE1,
                b"http://ns.adobe.com/xap/1.0/\0<x>GPSMARKER-JPEG-XMP</x>",
            ),
            &segment(0xE2, b"ICC_PROFILE\0\x01\x01GPSMARKER-JPEG-ICC"),
            &segment(0xED, b"Photoshop 3.0\08BIM\x04\x04GPSMARKER-JPEG-IPTC"),
            &segment(0xEE, b"Adobe\0\x64\0\0\0\0\x01GPSMARKER-JPEG-ADOBE-SLACK"),
            &segment(0xEF, b"GPSMARKER-JPEG-APP15"),
            &segment(0xFE, b"GPSMARKER-JPEG-COM"),
            &dqt(),
            &sof(0xC0, 8),
            &dht(0x00),
            &dht(0x10),
            &[0xFF, 0xFF], // fill bytes
            &sos(0, 63),
            &[0x3F],
            EOI,
            b"GPSMARKER-JPEG-TRAILER",
        ])
    }

    /// The same image with only what is needed to display it.
    fn jpeg_clean() -> Vec<u8> {
        cat(&[
            SOI,
            &jfif(b"", 0),
            &adobe(),
            &dqt(),
            &sof(0xC0, 8),
            &dht(0x00),
            &dht(0x10),
            &sos(0, 63),
            &[0x3F],
            EOI,
        ])
    }

    /// A progressive 8×8 grey JPEG: a DC scan, then an AC scan with its Huffman table between.
    fn jpeg_progressive(between_scans: &[u8]) -> Vec<u8> {
        cat(&[
            SOI,
            &dqt(),
            &sof(0xC2, 8),
            &dht(0x00),
            &sos(0, 0),
            &[0x7F],
            between_scans,
            &dht(0x10),
            &sos(1, 63),
            &[0x7F],
            EOI,
        ])
    }

    /// A 16×8 grey JPEG with a restart interval of one MCU: "00"+pad, RST0, "00"+pad.
    fn jpeg_restart() -> Vec<u8> {
        cat(&[
            SOI,
            &dqt(),
            &segment(0xDD, &[0, 1]),
            &sof(0xC0, 16),
            &dht(0x00),
            &dht(0x10),
            &sos(0, 63),
            &[0x3F, 0xFF, 0xD0, 0x3F],
            EOI,
        ])
    }

    #[test]
    fn jpeg_metadata_segments_thumbnail_and_trailer_are_dropped() {
        assert_eq!(strip(&jpeg_with_metadata(), ImageKind::Jpeg), jpeg_clean());
        // The fixed parts of JFIF and Adobe segments were kept, without their thumbnail or slack.
        assert_eq!(strip(&jpeg_clean(), ImageKind::Jpeg), jpeg_clean());
    }

    #[test]
    fn progressive_jpeg_keeps_its_scans_and_tables_and_drops_metadata_between_them() {
        let dirty = cat(&[
            &segment(0xFE, b"GPSMARKER-JPEG-COM-BETWEEN-SCANS"),
            &segment(0xE1, b"Exif\0\0GPSMARKER-JPEG-EXIF-BETWEEN-SCANS"),
        ]);
        assert_eq!(
            strip(&jpeg_progressive(&dirty), ImageKind::Jpeg),
            jpeg_progressive(b"")
        );
    }

    #[test]
    fn jpeg_entropy_coded_data_with_stuffing_restarts_and_fill_bytes_is_copied() {
        assert_eq!(strip(&jpeg_restart(), ImageKind::Jpeg), jpeg_restart());
        let scan = [
            0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD3, 0x56, 0xFF, 0xFF, 0x00, 0x78,
        ];
        let head = cat(&[
            SOI,
            &dqt(),
            &sof(0xC0, 8),
            &dht(0x00),
            &dht(0x10),
            &sos(0, 63),
        ]);
        let input = cat(&[&head, &scan, &[0xFF, 0xFF, 0xFF], EOI]);
        assert_eq!(strip(&input, ImageKind::Jpeg), cat(&[&head, &scan, EOI]));
    }

    #[test]
    fn broken_jpegs_are_refused() {
        let malformed = |jpeg: &[u8]| matches!(publishable(jpeg), Err(Refused::Malformed(_)));
        let clean = jpeg_clean();
        assert!(malformed(&clean[..clean.len() - 2]), "no EOI");
        let frame = cat(&[&dqt(), &sof(0xC0, 8), &dht(0x00), &dht(0x10)]);
        let scan = cat(&[&sos(0, 63), &[0x3F]]);
        assert!(malformed(&cat(&[SOI, &frame, EOI])), "no scan");
        assert!(
            malformed(&cat(&[SOI, &dqt(), &scan, EOI])),
            "scan before frame"
        );
        assert!(
            malformed(&cat(&[SOI, &frame, &sof(0xC0, 8), &scan, EOI])),
            "two frames"
        );
        assert!(
            malformed(&cat(&[SOI, &frame, b"xx", &scan, EOI])),
            "stray bytes"
        );
        assert!(malformed(&cat(&[
            SOI,
            &[0xFF, 0xFE, 0, 1],
            &frame,
            &scan,
            EOI
        ])));
        assert!(
            malformed(&cat(&[SOI, &segment(0xDE, &[8]), &frame, &scan, EOI])),
            "DHP"
        );
        assert!(
            malformed(&cat(&[SOI, &sof(0xC5, 8), &scan, EOI])),
            "hierarchical"
        );
        assert!(malformed(&cat(&[
            SOI,
            &segment(0xDB, &[0; 66]),
            &frame,
            &scan,
            EOI
        ])));
        assert!(malformed(&cat(&[
            SOI,
            &segment(0xC4, &[0; 16]),
            &frame,
            &scan,
            EOI
        ])));
        assert!(malformed(&cat(&[
            SOI,
            &frame,
            &segment(0xDA, &[1, 1, 0, 0, 63]),
            EOI
        ])));
        assert!(
            malformed(&cat(&[SOI, &[0xFF, 0xD0], &frame, &scan, EOI])),
            "stray RST"
        );
    }

    // ---- GIF ----

    const GIF_HEAD: &[u8] = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xFF\xFF\xFF";
    const GIF_IMAGE: &[u8] = b"\x2C\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00";
    const GIF_LOOP: &[u8] = b"\x21\xFF\x0BNETSCAPE2.0\x03\x01\x00\x00\x00";
    const GIF_CONTROL: &[u8] = b"\x21\xF9\x04\x01\x0A\x00\x00\x00";

    fn gif_with_metadata() -> Vec<u8> {
        cat(&[
            GIF_HEAD,
            b"\x21\xFE\x15GPSMARKER-GIF-COMMENT\x00",
            b"\x21\xFF\x0BXMP DataXMP\x11GPSMARKER-GIF-XMP\x03\x01\x00\xFF\x00",
            // The loop count, with a buffering sub-block that is dropped.
            b"\x21\xFF\x0BNETSCAPE2.0\x03\x01\x00\x00\x05\x02\x00\x10\x00\x00\x00",
            b"\x21\x01\x0C\0\0\0\0\x01\0\x01\0\x08\x08\x00\x01\x12GPSMARKER-GIF-TEXT\x00",
            GIF_CONTROL,
            GIF_IMAGE,
            b"\x21\xFF\x0BICCRGBG1012\x11GPSMARKER-GIF-ICC\x00",
            b"\x21\xFE\x15GPSMARKER-GIF-COMMENT\x00",
            b";GPSMARKER-GIF-AFTER-TRAILER",
        ])
    }

    #[test]
    fn gif_comments_text_and_application_extensions_are_dropped() {
        let out = strip(&gif_with_metadata(), ImageKind::Gif);
        assert_eq!(
            out,
            cat(&[GIF_HEAD, GIF_LOOP, GIF_CONTROL, GIF_IMAGE, b";"])
        );
        // GIF87a, a local colour table, several images, ANIMEXTS.
        let local =
            b"\x2C\x00\x00\x00\x00\x01\x00\x01\x00\x80\x00\x00\x00\x01\x01\x01\x02\x02\x44\x01\x00";
        let anim = b"\x21\xFF\x0BANIMEXTS1.0\x03\x01\x05\x00\x00";
        let gif = cat(&[
            b"GIF87a\x01\x00\x01\x00\x00\x00\x00",
            anim,
            GIF_IMAGE,
            local,
            b";",
        ]);
        assert_eq!(strip(&gif, ImageKind::Gif), gif);
    }

    #[test]
    fn gif_image_data_ends_at_its_lzw_end_code() {
        // Clear, colour 0, end: 0b101_000_100 in 3-bit codes, least significant bits first.
        let image = |data: &[u8]| cat(&[&GIF_IMAGE[..11], data, b"\0"]);
        let gif = |data: &[u8]| cat(&[GIF_HEAD, &image(data), b";"]);
        let clean = gif(b"\x02\x44\x01");
        assert_eq!(strip(&clean, ImageKind::Gif), clean);
        // What follows the end code is dropped, even in the same sub-block.
        assert_eq!(
            strip(&gif(b"\x03\x44\x01\xAA\x02GP"), ImageKind::Gif),
            clean
        );
        // Codes split across sub-blocks.
        assert_eq!(
            strip(&gif(b"\x01\x44\x01\x01"), ImageKind::Gif),
            gif(b"\x01\x44\x01\x01")
        );
        let malformed = |gif: &[u8]| matches!(publishable(gif), Err(Refused::Malformed(_)));
        assert!(malformed(&gif(b"\x01\x44")), "no end code");
        assert!(malformed(&gif(b"")), "no data");
        // Clear then 6, a code the table does not have yet.
        assert!(malformed(&gif(b"\x02\x34\x01")), "undefined code");
    }

    #[test]
    fn broken_gifs_are_refused() {
        let malformed = |gif: &[u8]| matches!(publishable(gif), Err(Refused::Malformed(_)));
        assert!(malformed(&cat(&[GIF_HEAD, GIF_IMAGE])), "no trailer");
        assert!(malformed(&cat(&[GIF_HEAD, b";"])), "no image");
        assert!(
            malformed(&cat(&[GIF_HEAD, b"\x00", GIF_IMAGE, b";"])),
            "unknown block"
        );
        assert!(malformed(&cat(&[
            GIF_HEAD,
            b"\x21\xF9\x03\0\0\0\0",
            GIF_IMAGE,
            b";"
        ])));
        let bad_code_size = b"\x2C\x00\x00\x00\x00\x01\x00\x01\x00\x00\x0C\x02\x44\x01\x00";
        assert!(malformed(&cat(&[GIF_HEAD, bad_code_size, b";"])));
        assert!(malformed(&cat(&[
            GIF_HEAD,
            &GIF_IMAGE[..GIF_IMAGE.len() - 1],
            b";"
        ])));
    }

    // ---- WebP ----

    /// A 1×1 lossless WebP bitstream.
    const VP8L_1X1: &[u8] = b"\x2F\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xFE\x07";

    fn riff_chunk(fourcc: &[u8; 4], payload: &[u8]) -> Vec<u8> {
        let size = u32::try_from(payload.len()).unwrap().to_le_bytes();
        let pad: &[u8] = if payload.len() % 2 == 1 { &[0] } else { &[] };
        cat(&[fourcc, &size, payload, pad])
    }

    fn riff(chunks: &[&[u8]]) -> Vec<u8> {
        let body = chunks.concat();
        let size = u32::try_from(body.len() + 4).unwrap().to_le_bytes();
        cat(&[b"RIFF", &size, b"WEBP", &body])
    }

    fn vp8x(flags: u8) -> Vec<u8> {
        riff_chunk(b"VP8X", &[flags, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    }

    fn webp_metadata() -> [Vec<u8>; 3] {
        [
            riff_chunk(b"EXIF", b"Exif\0\0MM\0*GPSMARKER-WEBP-EXIF"),
            riff_chunk(b"XMP ", b"<x:xmpmeta>GPSMARKER-WEBP-XMP</x:xmpmeta>"),
            riff_chunk(b"ZZZZ", b"GPSMARKER-WEBP-UNKNOWN"),
        ]
    }

    /// In the order of the specification: ICCP, the bitstream, EXIF, XMP, unknown chunks.
    fn webp_with_metadata() -> Vec<u8> {
        riff(&[
            &vp8x(0x20 | 0x10 | 0x08 | 0x04 | 0x01),
            &riff_chunk(b"ICCP", b"GPSMARKER-WEBP-ICC"),
            &riff_chunk(b"VP8L", VP8L_1X1),
            &webp_metadata().concat(),
        ])
    }

    /// The same chunks, the bitstream last (see `samples`).
    fn webp_with_metadata_first() -> Vec<u8> {
        riff(&[
            &vp8x(0x20 | 0x10 | 0x08 | 0x04 | 0x01),
            &riff_chunk(b"ICCP", b"GPSMARKER-WEBP-ICC"),
            &webp_metadata().concat(),
            &riff_chunk(b"VP8L", VP8L_1X1),
        ])
    }

    /// A frame: its header, `before` and `after` the bitstream.
    fn anmf(before: &[u8], after: &[u8]) -> Vec<u8> {
        let header = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100, 0, 0, 0];
        riff_chunk(
            b"ANMF",
            &cat(&[&header, before, &riff_chunk(b"VP8L", VP8L_1X1), after]),
        )
    }

    fn animated_webp(first_frame: &[u8], tail: &[u8]) -> Vec<u8> {
        riff(&[
            &vp8x(0x10 | 0x02 | 0x04),
            &riff_chunk(b"ANIM", &[255, 255, 255, 255, 0, 0]),
            first_frame,
            &anmf(b"", b""),
            tail,
        ])
    }

    #[test]
    fn webp_metadata_chunks_and_their_flags_are_dropped() {
        let clean = riff(&[&vp8x(0x10), &riff_chunk(b"VP8L", VP8L_1X1)]);
        assert_eq!(strip(&webp_with_metadata(), ImageKind::WebP), clean);
        assert_eq!(strip(&webp_with_metadata_first(), ImageKind::WebP), clean);
        let simple = riff(&[&riff_chunk(b"VP8L", VP8L_1X1)]);
        let with_trailer = cat(&[&simple, b"GPSMARKER-WEBP-AFTER-RIFF"]);
        assert_eq!(strip(&with_trailer, ImageKind::WebP), simple);
    }

    #[test]
    fn animated_webp_keeps_its_frames_without_their_unknown_chunks() {
        let unknown = riff_chunk(b"ZZZZ", b"GPSMARKER-WEBP-IN-FRAME");
        let xmp = riff_chunk(b"XMP ", b"GPSMARKER-WEBP-XMP");
        let clean = riff(&[
            &vp8x(0x10 | 0x02),
            &riff_chunk(b"ANIM", &[255, 255, 255, 255, 0, 0]),
            &anmf(b"", b""),
            &anmf(b"", b""),
        ]);
        for frame in [anmf(b"", &unknown), anmf(&unknown, b"")] {
            assert_eq!(strip(&animated_webp(&frame, &xmp), ImageKind::WebP), clean);
        }
    }

    #[test]
    fn broken_webps_are_refused() {
        let malformed = |webp: &[u8]| matches!(publishable(webp), Err(Refused::Malformed(_)));
        let vp8l = riff_chunk(b"VP8L", VP8L_1X1);
        let good = riff(&[&vp8l]);
        assert!(
            malformed(&good[..good.len() - 1]),
            "RIFF size beyond the file"
        );
        let mut unpadded = riff(&[&vp8l[..vp8l.len() - 1]]);
        unpadded[4] -= 1;
        assert!(malformed(&unpadded), "missing padding byte");
        assert!(malformed(&riff(&[&vp8l, &vp8l])), "two bitstreams");
        assert!(
            malformed(&riff(&[&vp8x(0), &vp8l, &vp8l])),
            "two bitstreams"
        );
        assert!(malformed(&riff(&[&vp8x(0)])), "no bitstream");
        assert!(
            malformed(&riff(&[&vp8x(0x02), &vp8l])),
            "animated without frames"
        );
        assert!(malformed(&riff(&[&riff_chunk(
            b"VP8L",
            b"\x00\x00\x00\x00\x00"
        )])));
        assert!(malformed(&riff(&[
            &riff_chunk(b"EXIF", b"GPSMARKER"),
            &vp8l
        ])));
        assert!(malformed(&riff(&[])));
    }

    // ---- AVIF ----

    fn bx(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
        let size = u32::try_from(body.len() + 8).unwrap().to_be_bytes();
        cat(&[&size, kind, body])
    }

    /// A FullBox of version `v`.
    fn full(kind: &[u8; 4], v: u8, body: &[u8]) -> Vec<u8> {
        bx(kind, &cat(&[&[v, 0, 0, 0], body]))
    }

    fn ftyp(major: &[u8; 4], compatible: &[&[u8; 4]]) -> Vec<u8> {
        let brands: Vec<u8> = compatible.iter().flat_map(|b| b.to_vec()).collect();
        bx(b"ftyp", &cat(&[major, &[0; 4], &brands]))
    }

    fn infe(id: u8, kind: &[u8; 4], rest: &[u8]) -> Vec<u8> {
        full(b"infe", 2, &cat(&[&[0, id, 0, 0], kind, rest]))
    }

    fn avif(items: &[Vec<u8>], properties: &[Vec<u8>], extra_meta: &[u8], mdat: &[u8]) -> Vec<u8> {
        let count = u16::try_from(items.len()).unwrap().to_be_bytes();
        let ipco = bx(b"ipco", &properties.concat());
        let ipma = full(b"ipma", 0, &[0, 0, 0, 1, 0, 1, 2, 0x81, 0x02]);
        let iloc = full(
            b"iloc",
            0,
            &[0x44, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 4],
        );
        let meta = full(
            b"meta",
            0,
            &cat(&[
                &full(b"hdlr", 0, &cat(&[&[0; 4], b"pict", &[0; 12], b"\0"])),
                &full(b"pitm", 0, &[0, 1]),
                &iloc,
                &full(b"iinf", 0, &cat(&[&count, &items.concat()])),
                &bx(b"iprp", &cat(&[&ipco, &ipma])),
                extra_meta,
            ]),
        );
        cat(&[
            &ftyp(b"avif", &[b"avif", b"mif1", b"miaf"]),
            &meta,
            &bx(b"mdat", mdat),
        ])
    }

    fn av01() -> Vec<u8> {
        infe(1, b"av01", b"Color\0")
    }

    fn av1_properties() -> Vec<Vec<u8>> {
        vec![
            full(b"ispe", 0, &[0, 0, 0, 1, 0, 0, 0, 1]),
            bx(b"av1C", &[0x81, 0x00, 0x0C, 0x00]),
            full(b"pixi", 0, &[3, 8, 8, 8]),
            bx(b"colr", b"nclx\0\x01\0\x0D\0\x06\x80"),
        ]
    }

    fn avif_clean() -> Vec<u8> {
        avif(&[av01()], &av1_properties(), b"", b"\x12\x00\x0A\x0B")
    }

    fn avif_with_exif() -> Vec<u8> {
        let items = [av01(), infe(2, b"Exif", b"\0")];
        avif(
            &items,
            &av1_properties(),
            b"",
            b"\x12\x00\x0A\x0BExif\0\0MM\0*GPSMARKER-AVIF-EXIF",
        )
    }

    fn avis(track_extra: &[u8]) -> Vec<u8> {
        let stbl = bx(
            b"stbl",
            &cat(&[&full(b"stsd", 0, &[0, 0, 0, 0]), &full(b"stco", 0, &[0; 4])]),
        );
        let minf = bx(b"minf", &cat(&[&full(b"vmhd", 0, b""), &stbl]));
        let hdlr = full(b"hdlr", 0, &cat(&[&[0; 4], b"pict", &[0; 12], b"\0"]));
        let mdia = bx(b"mdia", &cat(&[&full(b"mdhd", 0, b""), &hdlr, &minf]));
        let trak = bx(
            b"trak",
            &cat(&[&full(b"tkhd", 0, &[0; 80]), &mdia, track_extra]),
        );
        let moov = bx(b"moov", &cat(&[&full(b"mvhd", 0, &[0; 96]), &trak]));
        let mut file = avif_clean();
        file.splice(0..28, ftyp(b"avis", &[b"avis", b"avif", b"msf1", b"miaf"]));
        cat(&[&file, &moov])
    }

    #[test]
    fn avif_without_metadata_is_published_unchanged() {
        assert_eq!(strip(&avif_clean(), ImageKind::Avif), avif_clean());
        assert_eq!(strip(&avis(b""), ImageKind::Avif), avis(b""));
        let with_free = cat(&[&avif_clean(), &bx(b"free", &[0; 16])]);
        assert_eq!(strip(&with_free, ImageKind::Avif), with_free);
        // A 64-bit box size, and a last box up to the end of the file.
        let mut large = avif_clean();
        let mdat_at = large.len() - 12;
        large.splice(
            mdat_at..mdat_at + 8,
            cat(&[&1u32.to_be_bytes(), b"mdat", &20u64.to_be_bytes()]),
        );
        assert_eq!(strip(&large, ImageKind::Avif), large);
        large.splice(mdat_at..mdat_at + 16, cat(&[&0u32.to_be_bytes(), b"mdat"]));
        assert_eq!(strip(&large, ImageKind::Avif), large);
    }

    #[test]
    fn avif_with_metadata_is_refused() {
        let kept = |avif: &[u8]| matches!(publishable(avif), Err(Refused::MetadataKept(_)));
        assert!(kept(&avif_with_exif()));
        let xmp = infe(2, b"mime", b"\0application/rdf+xml\0");
        assert!(kept(&avif(
            &[av01(), xmp],
            &av1_properties(),
            b"",
            b"GPSMARKER-AVIF-XMP"
        )));
        let mut udes = av1_properties();
        udes.push(full(b"udes", 0, b"fr\0GPSMARKER-AVIF-UDES\0\0\0"));
        assert!(kept(&avif(&[av01()], &udes, b"", b"")));
        let mut icc = av1_properties();
        icc.push(bx(b"colr", b"profGPSMARKER-AVIF-ICC"));
        assert!(kept(&avif(&[av01()], &icc, b"", b"")));
        let mut unknown = av1_properties();
        unknown.push(bx(b"zzzz", b""));
        assert!(kept(&avif(&[av01()], &unknown, b"", b"")));
        assert!(kept(&avif(
            &[av01()],
            &av1_properties(),
            &bx(b"xml ", b"GPSMARKER"),
            b""
        )));
        assert!(kept(&avif(
            &[av01(), infe(2, b"hvc1", b"\0")],
            &av1_properties(),
            b"",
            b""
        )));
        let old_infe = full(b"infe", 0, b"\0\x02\0\0GPSMARKER\0application/rdf+xml\0");
        assert!(kept(&avif(
            &[av01(), old_infe],
            &av1_properties(),
            b"",
            b""
        )));
        assert!(kept(&cat(&[&avif_clean(), &bx(b"uuid", &[7; 24])])));
        assert!(kept(&cat(&[
            &avif_clean(),
            &bx(b"free", b"GPSMARKER-AVIF-FREE")
        ])));
        assert!(kept(&avis(&bx(
            b"udta",
            &bx(b"\xA9xyz", b"+48.85+002.35/")
        ))));
        assert!(kept(&avis(&full(b"meta", 0, b""))));
        // A timed metadata track: the last "pict" is the track's handler.
        let mut track = avis(b"");
        let last = track.windows(4).rposition(|w| w == b"pict").unwrap();
        track[last..last + 4].copy_from_slice(b"meta");
        assert!(kept(&track));
    }

    #[test]
    fn broken_avifs_are_refused() {
        let malformed = |avif: &[u8]| matches!(publishable(avif), Err(Refused::Malformed(_)));
        let clean = avif_clean();
        assert!(malformed(&clean[..clean.len() - 1]), "truncated mdat");
        assert!(
            malformed(&cat(&[&clean, &[0, 0, 0, 4]])),
            "box smaller than its header"
        );
        let ftyp_only = ftyp(b"avif", &[b"mif1"]);
        assert!(malformed(&cat(&[&ftyp_only, &bx(b"mdat", b"")])), "no meta");
        let mut miscounted = avif_clean();
        let iinf = miscounted.windows(4).position(|w| w == b"iinf").unwrap();
        miscounted[iinf + 9] = 2;
        assert!(malformed(&miscounted), "item count mismatch");
    }

    // ---- Not images ----

    /// Only content counts (the functions never see a name): a Markdown file, an SVG or a PDF
    /// saved as `photo.png` is refused all the same.
    #[test]
    fn other_files_are_not_images_whatever_their_name() {
        let others: [&[u8]; 12] = [
            b"",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
            b"<?xml version=\"1.0\"?><svg/>",
            b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n",
            b"---\nclient: Boutique\n---\n# Mission\n",
            b"BM\x3A\0\0\0\0\0\0\0\x36\0\0\0",
            b"II*\0\x08\0\0\0",
            b"MM\0*\0\0\0\x08",
            &[0x89, b'P', b'N', b'G'],
            &[0xFF, 0xD8],
            b"RIFF\x04\0\0\0WAVE",
            b"GIF90a",
        ];
        for other in others {
            assert_eq!(publishable(other), Err(Refused::NotAnImage), "{other:?}");
        }
        let heic = cat(&[&ftyp(b"heic", &[b"mif1", b"heic"]), &bx(b"mdat", b"")]);
        assert_eq!(publishable(&heic), Err(Refused::NotAnImage));
        // AVIF by a compatible brand.
        let mif1 = cat(&[&ftyp(b"mif1", &[b"mif1", b"avif"]), &avif_clean()[28..]]);
        assert_eq!(ImageKind::from_magic(&mif1), Some(ImageKind::Avif));
    }

    #[test]
    fn extensions() {
        let kinds = [
            (ImageKind::Png, "png"),
            (ImageKind::Jpeg, "jpg"),
            (ImageKind::Gif, "gif"),
            (ImageKind::WebP, "webp"),
            (ImageKind::Avif, "avif"),
        ];
        for (kind, extension) in kinds {
            assert_eq!(kind.extension(), extension);
        }
    }

    // ---- Robustness ----

    /// Valid images, most of them with metadata, for the tests that change them at random.
    ///
    /// Codec data (JPEG scans, WebP bitstreams) is copied without being decoded, so a length
    /// changed to swallow the metadata that follows it into codec data makes that metadata look
    /// like image data. These samples therefore hold their JPEG and WebP metadata before the codec
    /// data: the tests above cover the other places. PNG (CRCs) and GIF (LZW end code) need no such
    /// care.
    fn samples() -> Vec<Vec<u8>> {
        let unknown = riff_chunk(b"ZZZZ", b"GPSMARKER-WEBP-IN-FRAME");
        vec![
            png_with_metadata(),
            apng_with_metadata(),
            jpeg_with_metadata(),
            jpeg_progressive(b""),
            jpeg_restart(),
            gif_with_metadata(),
            webp_with_metadata_first(),
            animated_webp(
                &anmf(&unknown, b""),
                &riff_chunk(b"XMP ", b"GPSMARKER-WEBP-XMP"),
            ),
            avif_clean(),
            avif_with_exif(),
            avis(b""),
        ]
    }

    /// Never panics; what it accepts holds no marker and is a fixed point.
    fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
        if let Ok((kind, out)) = publishable(bytes) {
            prop_assert!(!contains(&out, MARK), "marker kept in {:?}", out);
            prop_assert_eq!(publishable(&out), Ok((kind, out.clone())));
        }
        Ok(())
    }

    #[test]
    fn every_sample_is_published() {
        for sample in samples() {
            let kind = ImageKind::from_magic(&sample).unwrap();
            if sample == avif_with_exif() {
                assert!(publishable(&sample).is_err());
            } else {
                strip(&sample, kind);
            }
        }
    }

    #[test]
    fn every_truncation_of_the_samples_is_safe() {
        for sample in samples() {
            for len in 0..=sample.len() {
                check(&sample[..len]).unwrap();
            }
        }
    }

    #[test]
    fn every_single_byte_change_of_the_samples_is_safe() {
        // About 4 s in a debug build: the samples without metadata are left to the tests above.
        for sample in samples().into_iter().filter(|s| contains(s, MARK)) {
            let mut mutated = sample.clone();
            for at in 0..sample.len() {
                for byte in 0..=u8::MAX {
                    mutated[at] = byte;
                    if let Err(e) = check(&mutated) {
                        panic!("{e} (byte {at} set to {byte:#04x})");
                    }
                }
                mutated[at] = sample[at];
            }
        }
    }

    #[derive(Debug, Clone)]
    enum Mutation {
        Set(usize, u8),
        Insert(usize, u8),
        Remove(usize),
        Truncate(usize),
    }

    fn mutation() -> impl Strategy<Value = Mutation> {
        prop_oneof![
            4 => (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::Set(at, b)),
            2 => (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::Insert(at, b)),
            2 => any::<usize>().prop_map(Mutation::Remove),
            1 => any::<usize>().prop_map(Mutation::Truncate),
        ]
    }

    fn apply(bytes: &mut Vec<u8>, mutation: &Mutation) {
        if bytes.is_empty() {
            return;
        }
        let len = bytes.len();
        match *mutation {
            Mutation::Set(at, b) => bytes[at % len] = b,
            Mutation::Insert(at, b) => bytes.insert(at % (len + 1), b),
            Mutation::Remove(at) => {
                bytes.remove(at % len);
            }
            Mutation::Truncate(at) => bytes.truncate(at % len),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        #[test]
        fn random_bytes_are_safe(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            check(&bytes)?;
        }

        #[test]
        fn random_bytes_behind_a_magic_number_are_safe(
            magic in 0..5usize,
            tail in proptest::collection::vec(any::<u8>(), 0..512),
        ) {
            let avif_ftyp = ftyp(b"avif", &[b"avif"]);
            let magics: [&[u8]; 5] = [
                png::SIGNATURE, &[0xFF, 0xD8, 0xFF], b"GIF89a", b"RIFF\0\0\0\0WEBP", &avif_ftyp,
            ];
            check(&cat(&[magics[magic], &tail]))?;
        }

        #[test]
        fn mutated_samples_are_safe(
            sample in 0..11usize,
            mutations in proptest::collection::vec(mutation(), 1..8),
        ) {
            let mut bytes = samples().swap_remove(sample);
            for mutation in &mutations {
                apply(&mut bytes, mutation);
            }
            check(&bytes)?;
        }
    }
}
