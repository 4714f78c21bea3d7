import Foundation
import Testing

/// The installed binary is one file: `make install` copies nothing beside it, so nothing it
/// runs may look for a resource bundle at its build path (demo, simulator, the man page and
/// the completions once stopped with "could not load resource bundle" where the build folder
/// was out of reach).
@Suite struct SelfContainedBinaryTests {
    @Test func theBinaryNamesNoResourceBundleAndRunsFromAnywhere() async throws {
        let binary = try Data(contentsOf: Binary.url)
        #expect(binary.range(of: Data(".resources".utf8)) == nil, "the binary looks for a resource bundle")

        // A copy of it alone, in a folder of its own: what `make install` leaves.
        let folder = Binary.emptyHome() + "/bin"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let installed = URL(fileURLWithPath: folder + "/dialpad-okta")
        try FileManager.default.copyItem(at: Binary.url, to: installed)
        for arguments in [["simulator", "--help"], ["generate-manual"], ["--generate-completion-script", "bash"]] {
            let result = try await Binary.run(arguments, environment: Binary.environment(), executable: installed)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(arguments[0] == "--generate-completion-script" || result.stdout.contains("enterprise"), "\(arguments) lists the seeds")
        }
        let demo = try await Binary.run(["demo", "--plain", "--seed", "enterprise"], environment: Binary.environment(),
                                        input: "q\n", executable: installed)
        #expect(demo.status == 0 || demo.status == 3, "\(demo.stderr)")
        #expect(demo.stdout.contains("Three phases") || demo.stdout.contains("Procedure"), "\(demo.stdout.prefix(600))")
    }
}
