/// The characters that listening ignores between the characters of a keyword.
///
/// People (and spam filters' adversaries) write 小 米, 小-米, 小·米, 小.米 or put zero-width
/// characters inside a brand name. The scanner removes these units from its view of the folded
/// text, so a keyword matches whatever noise sits between its characters; a match never starts or
/// ends on noise. Keywords are folded the same way, so `Xbox Live` is the keyword `xboxlive`.
///
/// The list, as folded UTF-16 units (NFKC folding has already turned the full-width forms
/// `　－．＿＊・` and the no-break space into their half-width forms):
/// - white space: tab, line feed, vertical tab, form feed, carriage return, space;
/// - hyphens and dashes: `-` U+002D, U+2010 ‐, U+2011 ‑, U+2012 ‒, U+2013 –, U+2014 —,
///   U+2015 ―, U+2212 − (minus sign);
/// - dots: `.` U+002E, U+00B7 ·, U+2022 •, U+2027 ‧, U+2219 ∙, U+22C5 ⋅, U+30FB ・;
/// - `_` U+005F and `*` U+002A;
/// - zero-width and invisible characters: U+00AD soft hyphen, U+034F, U+180E, U+200B–U+200F,
///   U+2060–U+2064, U+FEFF, variation selectors U+FE00–U+FE0F.
///
/// Sentence punctuation (`，。！？、`) is not noise: a keyword never spans two clauses.
public enum NoiseCharacters {
    /// Every noise unit, in ascending order.
    public static let units: [UInt16] = {
        var list: [UInt16] = [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20,
                              0x2D, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212,
                              0x2E, 0xB7, 0x2022, 0x2027, 0x2219, 0x22C5, 0x30FB,
                              0x5F, 0x2A,
                              0xAD, 0x34F, 0x180E, 0xFEFF]
        list += Array(0x200B...0x200F)
        list += Array(0x2060...0x2064)
        list += Array(0xFE00...0xFE0F)
        return list.sorted()
    }()

    /// Whether the folded unit `unit` is noise.
    public static func contains(_ unit: UInt16) -> Bool {
        units.contains(unit)
    }
}
