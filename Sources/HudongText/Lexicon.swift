/// A fixed word list applied as a second dictionary layer under the user dictionary.
///
/// Reads jieba's `dict.txt` format (`word [frequency] [part-of-speech]`, space-separated), which
/// is also the user-dictionary format. Words are folded like the text; one-character words are
/// skipped (a dictionary layer only ever joins two or more of the word breaker's pieces).
/// Cost: about a second and 60 MB for jieba's 349k words; build it once and share the trie.
///
/// Measured (Benchmarks/scripts/segmentation-f1.sh, People's Daily 1998-01 gold, 19,484 lines):
/// word F1 0.785 without a lexicon (bare ICU: 0.785), 0.812 with jieba's lexicon (P 0.845,
/// R 0.782; jieba itself: 0.829 HMM off, 0.807 HMM on). Choosing among the lexicon's words by
/// frequency (jieba's best path, restricted to ICU's boundaries) reached only 0.818 in a
/// simulation, so merging stays longest-match. Analysis speed with the lexicon: about 70% of
/// the speed without (hash probes of a 25 MB trie).
public enum Lexicon {
    /// The folded words of the lexicon file at `path`, as a trie for `Analyzer.chinese(lexicon:)`.
    ///
    /// Throws `TextError.dictionaryLine` with the line number for a line it cannot read,
    /// `TextError.io` if the file cannot be read.
    public static func load(path: String, folding: TextFolding? = nil) throws(TextError) -> DictionaryTrie {
        let bytes = try FileBytes.read(path: path)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .dictionaryLine(source: path, line: LineDecoder.firstInvalidLine(bytes), reason: "invalid UTF-8")
        }
        return try trie(of: UserDictionary.parse(text, source: path), folding: folding)
    }

    /// The folded terms of `entries` (two characters or more) as a trie.
    public static func trie(of entries: [UserDictionary.Entry], folding: TextFolding? = nil) throws(TextError) -> DictionaryTrie {
        let folding: TextFolding = if let folding { folding } else { try TextFolding.standard() }
        var terms: [String] = []
        terms.reserveCapacity(entries.count)
        for entry in entries {
            let folded = folding.fold(entry.term)
            if folded.unicodeScalars.count >= 2 { terms.append(folded) }
        }
        return DictionaryTrie(terms: terms)
    }
}
