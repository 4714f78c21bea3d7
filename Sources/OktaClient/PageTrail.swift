import Foundation

/// The pages one listing has read, page by page, for a caller that reads them itself (verify
/// checks each page as it comes): a next link seen before (a cursor that loops) or a listing
/// longer than `OktaClient.maxPagesPerListing` is an error where it stopped, as in `rest(of:)`,
/// never a silent end that reads as "checked everyone".
package struct PageTrail: Sendable {
    package let maxPages: Int
    /// Pages read so far, the first one included.
    package private(set) var pages = 1
    private var seen: Set<String> = []

    package init(maxPages: Int = OktaClient.maxPagesPerListing) { self.maxPages = maxPages }

    /// Admits reading `next`, or throws where the listing stopped.
    package mutating func follow(_ next: URL) throws(OktaError) {
        guard seen.insert(next.absoluteString).inserted else {
            throw OktaError(code: .decoding,
                            method: "GET", path: next.path, problem: .pagingLoop(path: next.path))
        }
        guard pages < maxPages else {
            throw OktaError(code: .decoding,
                            method: "GET", path: next.path, problem: .pagingTooLong(path: next.path, pages: maxPages))
        }
        pages += 1
    }
}
