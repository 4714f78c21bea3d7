import Foundation
import Testing
@testable import OktaClient

/// The warm-up decodes one document of each shape the observer reads. A document that no longer
/// decodes (a model changed) would leave that shape cold without a word: each must decode.
@Suite struct WarmupTests {
    @Test func everyWarmUpDocumentDecodes() {
        #expect(Warmup.documents.count >= 8)
        for (index, document) in Warmup.documents.enumerated() {
            #expect(throws: Never.self, "document \(index)") { try document() }
        }
    }

    /// It may be called from every observation: only the first starts a thread.
    @Test func decodingStartsOnce() {
        Warmup.decoding()
        Warmup.decoding()
        #expect(Warmup.decodingHasStarted)
    }
}
