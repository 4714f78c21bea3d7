/// Finds English left untranslated in Japanese output: runs of four or more plain English
/// words in a line. A word is letters only (an initial capital at most, an apostrophe inside),
/// with brackets or punctuation around it; so attribute names (dialpadPhone), ids, paths,
/// JSON (quoted) and hyphenated values (dialpad-okta, okta-attribute) never count as words,
/// and neither do frame borders.
public enum EnglishDetector {
    public static func runs(in line: String) -> [String] {
        // The Admin Console's English label in （）beside its Japanese is meant, as Dialpad's
        // Japanese guide gives it: not a sentence left untranslated. A label wrapped onto two
        // lines opens on one and closes on the next.
        let line = line.replacing(#/（[^（）]*）/#, with: "（）").replacing(#/（[^（）]*$/#, with: "（").replacing(#/^[^（）]*）/#, with: "）")
        let word = #/^[(「]?[A-Za-z][a-z]*(?:'[a-z]+)?[)」,.;:!?]*$/#
        var runs: [String] = [], run: [Substring] = []
        let tokens: [Substring] = line.split(whereSeparator: \.isWhitespace) + [""]
        for token in tokens {
            if token.wholeMatch(of: word) != nil {
                run.append(token)
            } else {
                if run.count >= 4 { runs.append(run.joined(separator: " ")) }
                run = []
            }
        }
        return runs
    }
}
