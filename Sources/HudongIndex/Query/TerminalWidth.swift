/// How many terminal columns text takes, so a caret can be put under a character of a query.
///
/// East Asian Wide and Fullwidth characters (CJK ideographs, kana, Hangul, full-width forms,
/// emoji shown as pictures) take two columns, combining marks and other zero-width characters
/// none, everything else one. The table covers the main blocks of Unicode's EastAsianWidth.txt;
/// rare wide symbols outside them count one, which only shifts a caret, never loses text.
enum TerminalWidth {
    /// The columns one character takes: 0, 1 or 2.
    static func width(of character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        let properties = first.properties
        if first.value < 0x20 || (first.value >= 0x7F && first.value < 0xA0) { return 0 }
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if isWide(first.value) || properties.isEmojiPresentation { return 2 }
        // An emoji written with a text default but asked to show as a picture (U+FE0F).
        if character.unicodeScalars.contains("\u{FE0F}") && properties.isEmoji { return 2 }
        return 1
    }

    /// The columns a string takes.
    static func width<S: Sequence>(of characters: S) -> Int where S.Element == Character {
        characters.reduce(0) { $0 + width(of: $1) }
    }

    /// The query as one printable line and a line with `^` under the character at `offset`.
    ///
    /// Control characters (newlines, tabs) are shown as spaces so both lines stay aligned; an
    /// offset at the end of the text puts the caret just after its last character.
    static func caretLines(_ text: String, offset: Int) -> (line: String, caret: String) {
        var line = ""
        var columns = 0
        for (index, character) in text.enumerated() {
            let printable: Character = character.unicodeScalars.first.map { $0.value < 0x20 || $0.value == 0x7F } == true ? " " : character
            line.append(printable)
            if index < offset { columns += width(of: printable) }
        }
        return (line, String(repeating: " ", count: columns) + "^")
    }

    /// East Asian Wide (W) and Fullwidth (F) ranges, sorted.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0,
        0x23F3...0x23F3, 0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F,
        0x2693...0x2693, 0x26A1...0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5,
        0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA, 0x26F2...0x26F3, 0x26F5...0x26F5,
        0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B, 0x2728...0x2728,
        0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
        0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
        0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
        0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
        0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x18CFF, 0x1AFF0...0x1B2FF, 0x1F004...0x1F004,
        0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F251, 0x1F300...0x1F64F,
        0x1F680...0x1F6FF, 0x1F7E0...0x1F7EB, 0x1F90C...0x1F9FF, 0x1FA70...0x1FAFF, 0x20000...0x2FFFD,
        0x30000...0x3FFFD,
    ]

    private static func isWide(_ value: UInt32) -> Bool {
        if value < 0x1100 { return false }
        var low = 0
        var high = wideRanges.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let range = wideRanges[mid]
            if value < range.lowerBound { high = mid - 1 } else if value > range.upperBound { low = mid + 1 } else { return true }
        }
        return false
    }
}
