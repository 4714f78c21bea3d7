/// A word as a POSIX shell reads it back unchanged: every command the product prints for the
/// admin to copy (a rollback, a bundle check, the demo's walk-through) is run as printed.
package enum ShellWord {
    package static func quoted(_ word: String) -> String {
        let plain = word.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./:=@%+,".contains($0)) }
        return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
