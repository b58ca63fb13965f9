//! Byte offsets (Rust) ↔ UTF-16 code units (JS string indices), converted here and nowhere else.

/// Converts many byte offsets into one string to UTF-16 offsets in a single forward pass.
///
/// Offsets need not be sorted. An offset that is not on a char boundary is rounded down to
/// the previous boundary; one past the end is clamped to the end.
pub fn bytes_to_utf16(text: &str, byte_offsets: &[usize]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..byte_offsets.len()).collect();
    order.sort_by_key(|&i| byte_offsets[i]);
    let mut out = vec![0u32; byte_offsets.len()];
    let mut chars = text.char_indices().peekable();
    let mut units: u32 = 0;
    for i in order {
        let target = byte_offsets[i].min(text.len());
        while let Some(&(pos, c)) = chars.peek() {
            if pos + c.len_utf8() > target {
                break;
            }
            units += c.len_utf16() as u32;
            chars.next();
        }
        out[i] = units;
    }
    out
}

/// Converts one UTF-16 offset into a byte offset (rounded down to a char boundary).
pub fn utf16_to_byte(text: &str, utf16: u32) -> usize {
    let mut units = 0u32;
    for (pos, c) in text.char_indices() {
        if units >= utf16 {
            return pos;
        }
        units += c.len_utf16() as u32;
        if units > utf16 {
            return pos;
        }
    }
    text.len()
}

/// Length of `text` in UTF-16 code units.
pub fn utf16_len(text: &str) -> u32 {
    text.chars().map(|c| c.len_utf16() as u32).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_is_identity() {
        assert_eq!(bytes_to_utf16("hello", &[0, 2, 5]), vec![0, 2, 5]);
    }

    #[test]
    fn astral_and_multibyte() {
        // "a😀é中" : a(1B,1u) 😀(4B,2u) é(2B,1u) 中(3B,1u)
        let s = "a😀é中";
        assert_eq!(bytes_to_utf16(s, &[0, 1, 5, 7, 10]), vec![0, 1, 3, 4, 5]);
        assert_eq!(bytes_to_utf16(s, &[10, 0, 5]), vec![5, 0, 3]);
        assert_eq!(utf16_to_byte(s, 3), 5);
        assert_eq!(utf16_to_byte(s, 2), 1); // inside the surrogate pair: rounds down
        assert_eq!(utf16_to_byte(s, 99), 10);
        assert_eq!(utf16_len(s), 5);
    }

    #[test]
    fn non_boundary_rounds_down_and_past_end_clamps() {
        let s = "é!";
        assert_eq!(bytes_to_utf16(s, &[1, 100]), vec![0, 2]);
    }
}
