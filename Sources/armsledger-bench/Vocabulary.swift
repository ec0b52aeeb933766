/// The fixed vocabulary of synthetic ledgers: actors, systems, publishers, words.
enum Vocabulary {
    static func bytes(_ items: [String]) -> [[UInt8]] { items.map { Array($0.utf8) } }

    /// 15 suppliers and 25 recipients, all current ISO 3166-1 alpha-3 codes.
    static let suppliers = ["RUS", "USA", "CHN", "FRA", "DEU", "GBR", "ISR", "TUR", "BLR", "UKR", "ITA", "SWE", "KOR", "CZE", "SRB"]
    static let recipients = ["ARM", "AZE", "KAZ", "GEO", "IND", "PAK", "EGY", "DZA", "SAU", "ARE", "QAT", "IRQ", "VNM", "IDN",
                             "MYS", "THA", "NGA", "ETH", "KGZ", "TJK", "UZB", "TKM", "GRC", "POL", "BRA"]
    static let actorNames: [String: String] = [
        "RUS": "Russia", "USA": "United States", "CHN": "China", "FRA": "France", "DEU": "Germany", "GBR": "United Kingdom",
        "ISR": "Israel", "TUR": "Türkiye", "BLR": "Belarus", "UKR": "Ukraine", "ITA": "Italy", "SWE": "Sweden",
        "KOR": "Republic of Korea", "CZE": "Czechia", "SRB": "Serbia", "ARM": "Armenia", "AZE": "Azerbaijan",
        "KAZ": "Kazakhstan", "GEO": "Georgia", "IND": "India", "PAK": "Pakistan", "EGY": "Egypt", "DZA": "Algeria",
        "SAU": "Saudi Arabia", "ARE": "United Arab Emirates", "QAT": "Qatar", "IRQ": "Iraq", "VNM": "Viet Nam",
        "IDN": "Indonesia", "MYS": "Malaysia", "THA": "Thailand", "NGA": "Nigeria", "ETH": "Ethiopia", "KGZ": "Kyrgyzstan",
        "TJK": "Tajikistan", "UZB": "Uzbekistan", "TKM": "Turkmenistan", "GRC": "Greece", "POL": "Poland", "BRA": "Brazil",
    ]

    static let categories = ["ballistic-missile", "rocket-artillery", "artillery", "armour", "combat-aircraft", "helicopter",
                             "air-defence", "uav", "loitering-munition", "electronic-warfare", "fire-control", "naval",
                             "small-arms", "other"]
    static let categoryWeights = [3, 8, 10, 16, 8, 7, 12, 10, 5, 4, 3, 4, 8, 2]

    static let systemStems = ["Iskander", "Polonez", "Buk", "Tor", "Pantsir", "Kornet", "Bayraktar", "Harop", "Hermes", "Spike",
                              "Barak", "Smerch", "Grad", "Uragan", "T-72", "T-90", "BMP", "BTR", "Su-30", "MiG-29", "Mi-17",
                              "Ka-52", "Orbiter", "SkyStriker", "Krasukha", "Repellent", "Zoopark", "Osa", "Strela", "Igla",
                              "Caesar", "Archer", "K9", "Leopard", "Abrams", "Patriot", "NASAMS", "IRIS-T", "Stinger", "Javelin",
                              "HIMARS", "Wing Loong", "TB2", "Akinci", "Lora", "Gerbera", "Kalashnikov", "Zastava", "Gepard",
                              "Shilka", "Msta", "Dana", "Zuzana", "Nona", "Khrizantema", "Sukhoi", "Tigr", "Cobra", "Otokar", "Ejder"]
    static let systemVariants = ["", "-M", "-E", "-MB", "-2", "-1M", "-S", "-K", "-M2"]

    static let publishers = bytes([
        "Eurasianet", "Jamestown Foundation, Eurasia Daily Monitor", "SIPRI", "Reuters", "TASS", "Interfax", "Defense News",
        "Janes", "Jane’s Defence Weekly", "Army Recognition", "Oryx", "Hetq", "APA", "Trend", "Azatutyun", "Civilnet",
        "Kommersant", "Ведомости", "Военное обозрение", "Anadolu Agency", "Haaretz", "The Times of Israel", "Le Monde",
        "Die Welt", "The Guardian", "Financial Times", "Bloomberg", "Al Jazeera", "Hürriyet", "Kyiv Independent",
        "Ministry of Defence", "Presidential Administration", "UN Register of Conventional Arms", "CAST", "IISS Military Balance",
        "Breaking Defense", "The War Zone", "OC Media", "JAMnews", "Belsat",
    ])
    static let domains = bytes([
        "eurasianet.org", "jamestown.org", "sipri.org", "reuters.com", "tass.ru", "interfax.ru", "defensenews.com", "janes.com",
        "armyrecognition.com", "oryxspioenkop.com", "hetq.am", "apa.az", "trend.az", "azatutyun.am", "civilnet.am", "kommersant.ru",
        "vedomosti.ru", "aa.com.tr", "haaretz.com", "timesofisrael.com", "lemonde.fr", "welt.de", "theguardian.com", "ft.com",
        "bloomberg.com", "aljazeera.com", "kyivindependent.com", "mod.gov.example", "unroca.org", "iiss.org",
    ])
    static let titleSubjects = bytes(["Deliveries of", "Contract for", "Second batch of", "Talks on", "First units of",
                                      "Export licence for", "Modernised", "Leaked documents show", "Officials confirm",
                                      "Satellite images reveal", "Parliament approves", "Defence ministry receives"])
    static let titleObjects = bytes(["air-defence systems", "multiple rocket launchers", "attack drones", "tanks", "howitzers",
                                     "helicopters", "fighter jets", "anti-tank missiles", "loitering munitions",
                                     "radar equipment", "armoured vehicles", "patrol boats"])
    static let titleTails = bytes(["arrive ahead of schedule", "delayed again", "worth an undisclosed sum",
                                   "signed at arms fair", "under scrutiny", "expected next year", "completed", "confirmed",
                                   "despite sanctions", "after long negotiations"])
    static let slugWords = bytes(["arms", "deal", "delivery", "defence", "missile", "drone", "contract", "army", "export",
                                  "military", "border", "supply", "tanks", "air-defence", "report"])

    static let speakers = bytes(["Ministry of Defence spokesperson", "Foreign Minister", "President", "Prime Minister",
                                 "Chief of General Staff", "Deputy Defence Minister", "Embassy press office", "Parliament defence committee chair"])
    static let summaries = bytes([
        "Denies any arms deliveries to the other side of the conflict.",
        "Confirms that the contract is being implemented on schedule.",
        "Says the systems were bought for defensive purposes only.",
        "Protests against the sale and summons the ambassador.",
        "Announces a review of export licences to the region.",
        "Calls on the alliance partner to honour its commitments.",
        "Says the deliveries concern spare parts, not new weapons.",
        "Welcomes the arrival of the new equipment.",
    ])
    static let reasons = bytes(["source misread the quantity", "duplicate of an earlier report", "report was withdrawn by the publisher",
                                "the images show a different system", "contested by the recipient's ministry of defence",
                                "the supplier denies the delivery", "date is disputed by other sources"])
    static let dealReasons = bytes(["export licence refused", "financing fell through", "sanctions", "political pressure",
                                    "the recipient chose another supplier", "budget cuts"])
    static let financing = bytes(["state loan", "cash", "barter", "credit line", "grant"])
    static let notes = bytes(["Figures are approximate and come from open sources.",
                              "Part of a larger package that also includes training and spare parts.",
                              "Quantity inferred from satellite imagery.",
                              "Some units may be second-hand from the supplier's own stocks."])
    static let currencies = bytes(["USD", "EUR", "RUB", "USD", "USD"])
    static let confidences = bytes(["confirmed", "reported", "claimed", "estimated"])
    static let confidenceWeights = [30, 45, 15, 10]
    static let sourceKinds = bytes(["news", "official", "leak", "database", "analysis", "statement"])
    static let sourceKindWeights = [45, 15, 7, 13, 15, 5]
    static let services = bytes(["modernisation", "repair", "upgrade", "components"])
    static let responses = bytes(["consultations held", "military assistance sent", "request declined",
                                  "observer mission deployed", "no response"])

    /// Alliances: id, name, collective defence, article, founding members.
    static let alliances: [(id: String, name: String, collective: Bool, article: String?, members: [String])] = [
        ("csto", "Collective Security Treaty Organization", true, "4", ["RUS", "ARM", "BLR", "KAZ", "KGZ", "TJK"]),
        ("nato", "North Atlantic Treaty Organization", true, "5", ["USA", "FRA", "DEU", "GBR", "ITA", "TUR", "GRC", "POL", "CZE"]),
        ("sco", "Shanghai Cooperation Organisation", false, nil, ["CHN", "RUS", "KAZ", "KGZ", "TJK", "UZB", "IND", "PAK"]),
        ("gcc", "Gulf Cooperation Council", true, "2", ["SAU", "ARE", "QAT"]),
        ("otc", "Organization of Turkic States", false, nil, ["TUR", "AZE", "KAZ", "KGZ", "UZB"]),
    ]

    /// The rivalries conflicts break out along: two opposing actors and, for some flare-ups, a
    /// co-belligerent on the first side. Wars between states recur along a few such lines rather
    /// than between random pairs, so the number of actor pairs at war on any day stays bounded
    /// however long the ledger grows (9 of the 780 pairs, plus the co-belligerents).
    static let rivalries: [(side: String, other: String, ally: String?)] = [
        ("AZE", "ARM", "TUR"), ("IND", "PAK", nil), ("RUS", "UKR", "BLR"), ("RUS", "GEO", nil), ("KGZ", "TJK", nil),
        ("CHN", "IND", nil), ("CHN", "VNM", nil), ("USA", "IRQ", "GBR"), ("TUR", "IRQ", nil),
    ]
}
