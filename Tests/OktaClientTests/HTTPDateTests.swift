import Foundation
import Testing
@testable import OktaClient

/// The `Date` header of every answer, read without a formatter (issue 25: start-up and the
/// gap between waves); Foundation's formatter is the oracle.
@Suite struct HTTPDateTests {
    @Test("every IMF-fixdate reads as Foundation's formatter reads it")
    func readsAsTheFormatterDoes() {
        var generator = SystemRandomNumberGenerator()
        var dates = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 951_782_400) /* 2000-02-29 */,
                     Date(timeIntervalSince1970: 4_107_542_399) /* 2100-02-28 23:59:59 */, Date()]
        for _ in 0..<500 { dates.append(Date(timeIntervalSince1970: TimeInterval(Int.random(in: 0...4_102_444_800, using: &generator)))) }
        for date in dates {
            let text = httpDate(date)
            #expect(OktaClient.httpDate(text) == Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)), "\(text)")
        }
    }

    @Test("anything but an IMF-fixdate is no date", arguments: [
        "", "Sun, 06 Nov 1994 08:49:37", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
        "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 PST", "Sun, 06 Nov 94 08:49:37 GMT",
    ])
    func rejects(text: String) {
        #expect(OktaClient.httpDate(text) == nil)
    }
}
