//! The synthetic proposals' and services' texts: phrases of Italian public-sector cloud vocabulary
//! picked, in SQL, deterministically from the counter, so that the similarity checks meet candidate
//! sets of realistic size — a common topic is in many documents, a rare one in few.
//!
//! Every pick hashes a seed (the row's counter, past the rows already stored, or its cluster) with a salt into a category of
//! [`WORDS`]; skewed picks take the product of two uniform draws, so the first phrases of a category
//! are common and its last ones rare, roughly as words are in real texts. A proposal's cluster (one of
//! [`CLUSTERS`]) fixes its main topics, technology and audience, and a service's cluster is drawn from
//! the same space: proposals and services of a cluster are alike, as a proposal is like the services
//! that already do what it proposes. Place names and project code names, composed of parts, give the
//! long tail of rare words real texts have.

/// Clusters of related texts (a prime).
const CLUSTERS: u64 = 997;

/// Heads of titles and service names.
const NOUNS: &[&str] = &[
    "Piattaforma",
    "Portale",
    "Sportello digitale",
    "Soluzione cloud",
    "Servizio",
    "Applicazione",
    "Infrastruttura",
    "Cruscotto",
    "Registro",
    "Archivio",
    "Rete",
    "Laboratorio",
    "Osservatorio",
    "Centrale",
];

/// What a text is about, the most common first.
const TOPICS: &[&str] = &[
    "gestione documentale",
    "protocollo informatico",
    "conservazione digitale",
    "pagamenti pagoPA",
    "interoperabilità dei dati",
    "identità digitale SPID",
    "open data",
    "sanità territoriale",
    "mobilità urbana",
    "firma digitale",
    "anagrafe nazionale",
    "servizi sociali",
    "tributi locali",
    "fascicolo sanitario elettronico",
    "notifiche digitali",
    "app IO",
    "edilizia privata",
    "sportello unico attività produttive",
    "posta elettronica certificata",
    "carta d'identità elettronica",
    "telemedicina",
    "prenotazioni sanitarie",
    "trasporto pubblico locale",
    "monitoraggio ambientale",
    "protezione civile",
    "appalti pubblici",
    "trasparenza amministrativa",
    "domicilio digitale",
    "gestione dei rifiuti",
    "efficienza energetica",
    "catasto",
    "cartella clinica",
    "contabilità armonizzata",
    "gestione del personale",
    "iscrizioni scolastiche",
    "segnalazioni dei cittadini",
    "polizia locale",
    "fatturazione elettronica",
    "istanze online",
    "certificati anagrafici",
    "qualità dell'aria",
    "raccolta differenziata",
    "illuminazione intelligente",
    "rilevazione presenze",
    "formazione continua",
    "biblioteche digitali",
    "musei e beni culturali",
    "promozione turistica",
    "mense scolastiche",
    "assistenza domiciliare",
    "politiche del lavoro",
    "consultazioni elettorali",
    "stato civile",
    "sanzioni amministrative",
    "verbali elettronici",
    "servizio idrico",
    "comunità energetiche",
    "videosorveglianza urbana",
    "relazioni con il pubblico",
    "albo pretorio",
    "accesso civico",
    "gestione delle emergenze",
    "pianificazione urbanistica",
    "cartografia territoriale",
    "patrimonio immobiliare",
    "sosta e parcheggi",
    "zone a traffico limitato",
    "mobilità condivisa",
    "bigliettazione elettronica",
    "rischio idrogeologico",
    "inclusione sociale",
    "diritto allo studio",
    "ricerca scientifica",
    "archivi storici",
    "riscossione coattiva",
    "ordini elettronici",
    "controllo di gestione",
    "performance organizzativa",
    "prevenzione della corruzione",
    "segnalazione di illeciti",
    "partecipazione civica",
    "prevenzione sanitaria",
    "vaccinazioni",
    "screening oncologici",
    "farmaceutica territoriale",
    "emergenza urgenza",
    "logistica ospedaliera",
    "liste d'attesa",
    "turismo sostenibile",
    "eventi culturali",
    "impianti sportivi",
    "verde pubblico",
    "manutenzione stradale",
    "lavori pubblici",
    "agricoltura di precisione",
    "servizi cimiteriali",
    "concessioni demaniali",
    "bilancio partecipativo",
];

/// How it is built, the most common first.
const TECHNOLOGIES: &[&str] = &[
    "cloud qualificato",
    "Polo Strategico Nazionale",
    "microservizi",
    "API REST",
    "piattaforma PDND",
    "software open source",
    "Kubernetes",
    "intelligenza artificiale",
    "backup geografico",
    "disaster recovery",
    "migrazione al cloud",
    "sicurezza informatica",
    "autenticazione federata",
    "analisi predittiva",
    "cruscotti analitici",
    "conservazione a norma",
    "riuso del software",
    "accessibilità",
    "alta affidabilità",
    "sovranità del dato",
    "crittografia end to end",
    "apprendimento automatico",
    "big data",
    "data lake",
    "single sign on",
    "OpenID Connect",
    "monitoraggio applicativo",
    "log centralizzati",
    "georeferenziazione",
    "registri distribuiti",
    "assistente virtuale",
    "riconoscimento ottico dei caratteri",
    "firma remota",
    "architettura multi tenant",
    "scalabilità orizzontale",
    "modello zero trust",
    "gestione delle identità",
    "containerizzazione",
    "integrazione continua",
    "elaborazione serverless",
    "edge computing",
    "gemello digitale",
    "elaborazione del linguaggio naturale",
    "motore di workflow",
    "ricerca semantica",
    "basi di dati gestite",
    "cifratura dei dati a riposo",
];

/// Whom it serves, the most common first.
const AUDIENCES: &[&str] = &[
    "comuni",
    "cittadini",
    "regioni",
    "aziende sanitarie locali",
    "piccoli comuni",
    "imprese",
    "scuole",
    "città metropolitane",
    "unioni di comuni",
    "province",
    "università",
    "aziende ospedaliere",
    "enti di ricerca",
    "professionisti",
    "famiglie",
    "studenti",
    "camere di commercio",
    "agenzie regionali",
    "aree interne",
    "prefetture",
    "uffici giudiziari",
    "enti parco",
    "consorzi di bonifica",
    "comunità montane",
    "autorità portuali",
    "aziende di trasporto",
    "ordini professionali",
    "enti previdenziali",
    "istituti culturali",
    "turisti",
];

/// What for, the most common first.
const BENEFITS: &[&str] = &[
    "semplificare le procedure",
    "ridurre i tempi di attesa",
    "contenere i costi di gestione",
    "aumentare la trasparenza",
    "garantire la continuità operativa",
    "tutelare la riservatezza",
    "favorire l'inclusione digitale",
    "migliorare la qualità dei dati",
    "rafforzare la sicurezza",
    "eliminare la carta",
    "ridurre il consumo energetico",
    "accelerare gli incassi",
    "valorizzare il patrimonio informativo",
    "supportare le decisioni",
    "ridurre gli errori manuali",
    "aumentare la partecipazione",
    "rispettare le linee guida AgID",
    "abilitare il riuso",
    "migliorare l'esperienza degli utenti",
    "misurare l'impatto",
    "prevenire le frodi",
    "ottimizzare le risorse",
    "ridurre le emissioni",
    "uniformare i processi",
];

/// Sentence openers, picked uniformly.
const OPENERS: &[&str] = &[
    "La proposta realizza",
    "Il progetto sviluppa",
    "L'iniziativa porta",
    "Il prototipo sperimenta",
    "La soluzione offre",
    "Il servizio estende",
    "Il percorso introduce",
    "Il gruppo propone",
];

/// "By means of", picked uniformly.
const MEANS: &[&str] =
    &["attraverso", "grazie a", "con", "sfruttando", "basandosi su", "adottando", "integrando", "usando"];

/// "For whom", picked uniformly.
const FOR_WHOM: &[&str] =
    &["Si rivolge a", "È pensata per", "Coinvolge", "Serve", "Nasce per", "Mette in rete", "Accompagna"];

/// "So as to", picked uniformly.
const AIMS: &[&str] = &["per", "allo scopo di", "con l'obiettivo di", "così da", "puntando a", "in modo da"];

/// The first and second halves of place names (Roccabianca, Montefranco, Valverde…): the long tail of
/// rare words real texts have (pilot sites, partners), from very common to found in a handful of texts.
const PLACE_HEADS: &[&str] = &[
    "Monte", "Castel", "Rocca", "Borgo", "Villa", "Poggio", "Colle", "Pietra", "Serra", "Torre", "Fonte", "Porto",
    "Ponte", "Campo", "Pian", "Val", "Santa", "San", "Casal", "Bagno", "Acqua", "Terra", "Civita", "Fiume", "Lago",
    "Mola", "Forte", "Capo", "Corte", "Selva", "Isola", "Prato", "Rio", "Sasso", "Cerro", "Olmo",
];
const PLACE_TAILS: &[&str] = &[
    "verde",
    "franco",
    "bianca",
    "nuovo",
    "rosso",
    "fiorito",
    "lungo",
    "alto",
    "basso",
    "secco",
    "chiaro",
    "maggiore",
    "minore",
    "vecchio",
    "marino",
    "florido",
    "antico",
    "sereno",
    "bello",
    "fredda",
    "calda",
    "dolce",
    "scuro",
    "grande",
    "piano",
    "ferrato",
    "lucente",
    "reale",
    "felice",
    "santo",
    "aperto",
    "ventoso",
    "argento",
    "rotondo",
    "selvatico",
    "mare",
];
/// Syllables of project code names (27,000 of them, nearly one per text).
const SYLLABLES: &[&str] = &[
    "RA", "VE", "LO", "MI", "TA", "NO", "SI", "KE", "DU", "PA", "RI", "ZO", "BE", "FA", "LU", "NE", "GO", "TI", "MA",
    "SE", "VO", "CA", "DI", "LE", "RO", "SU", "TE", "NI", "PO", "ZA",
];

/// The categories in the order of [`WORDS`].
const CATEGORIES: [&[&str]; 12] = [
    NOUNS,
    TOPICS,
    TECHNOLOGIES,
    AUDIENCES,
    BENEFITS,
    OPENERS,
    MEANS,
    FOR_WHOM,
    AIMS,
    PLACE_HEADS,
    PLACE_TAILS,
    SYLLABLES,
];

#[derive(Clone, Copy)]
enum Category {
    Noun = 0,
    Topic = 1,
    Technology = 2,
    Audience = 3,
    Benefit = 4,
    Opener = 5,
    Means = 6,
    ForWhom = 7,
    Aim = 8,
    PlaceHead = 9,
    PlaceTail = 10,
    Syllable = 11,
}

impl Category {
    /// Whether its first phrases are much more common than its last ones (else uniform).
    fn skewed(self) -> bool {
        !matches!(self, Self::Opener | Self::Means | Self::ForWhom | Self::Aim | Self::Syllable)
    }
}

/// The `syn_words (idx, word)` rows: every category's phrases, one after the other.
pub(super) fn words() -> impl Iterator<Item = (usize, &'static str)> {
    CATEGORIES.into_iter().flatten().copied().enumerate()
}

/// `(first index, size)` of a category in [`words`].
fn range(category: Category) -> (usize, usize) {
    let c = category as usize;
    (CATEGORIES[..c].iter().map(|w| w.len()).sum(), CATEGORIES[c].len())
}

/// A picker of phrases for the rows of a counter expression.
pub(super) struct Picker {
    /// The row's own seed (its counter).
    row: String,
    /// Its cluster's seed.
    cluster: String,
}

impl Picker {
    /// Picks for counter expression `counter`; `stride` keeps two kinds of rows (proposals, services)
    /// with the same counter in different clusters.
    pub(super) fn new(counter: &str, stride: u64) -> Self {
        Self { row: format!("({counter})"), cluster: format!("(({counter}) * {stride} % {CLUSTERS})") }
    }

    /// A phrase of `category` for seed `seed` and `salt` (a distinct draw per salt); skewed: the
    /// product of two uniform draws.
    fn pick(seed: &str, category: Category, salt: u64, skewed: bool) -> String {
        let (first, size) = range(category);
        // A multiplicative hash modulo a prime: distinct per salt, cheap in SQL, and in 64 bits for any
        // counter below 10^10.
        let (a, b) = (7_919 + salt * 104_729 % 99_991, salt * 31 + 17);
        let hash = format!("(({seed} * {a} + {b}) % 1000003)");
        let index = if skewed {
            format!("{first} + ({hash} % {size}) * ({hash} / {size} % {size}) / {size}")
        } else {
            format!("{first} + {hash} % {size}")
        };
        format!("(SELECT word FROM syn_words WHERE idx = {index})")
    }

    /// A phrase of the row.
    fn own(&self, category: Category, salt: u64) -> String {
        Self::pick(&self.row, category, salt, category.skewed())
    }

    /// A phrase of the row's cluster: the same for every row of it.
    fn shared(&self, category: Category, salt: u64) -> String {
        Self::pick(&self.cluster, category, salt, true)
    }

    /// A place name: two skewed halves, so a few places are common and most rare.
    fn place(&self, salt: u64) -> String {
        format!("{} || {}", self.own(Category::PlaceHead, salt), self.own(Category::PlaceTail, salt + 1))
    }

    /// A project code name of three syllables.
    fn code(&self, salt: u64) -> String {
        let syllable = |s| self.own(Category::Syllable, salt + s);
        format!("{} || {} || {}", syllable(0), syllable(1), syllable(2))
    }

    /// SQL expressions for a proposal's title, summary and description.
    pub(super) fn proposal(&self) -> [String; 3] {
        use Category::{Aim, Audience, Benefit, ForWhom, Means, Noun, Opener, Technology, Topic};
        let (topic, tech, audience) = (self.shared(Topic, 1), self.shared(Technology, 3), self.shared(Audience, 4));
        let title = format!("{} || ' di ' || {topic} || ' per ' || {audience}", self.own(Noun, 0));
        let summary = format!(
            "{} || ' ' || {topic} || ' e ' || {} || ' ' || {} || ' ' || {tech} || ', ' || {} || ' ' || {} || '.'",
            self.own(Opener, 5),
            self.shared(Topic, 2),
            self.own(Means, 6),
            self.own(Aim, 7),
            self.own(Benefit, 8),
        );
        let description = format!(
            "{} || ' ' || {} || ' e ' || {}  || ': ' || {} || ', ' || {} || ' e ' || {} || ' ' || {} || ' ' || {} \
             || ' e ' || {} || ', ' || {} || ' ' || {} || '. ' || {} || ' ' || {} || ' ' || {} || ' ' || {} \
             || ' ' || {} || ' ' || {} || '. Con ' || {} || ' e ' || {} || ' (' || {} || ').'",
            self.own(ForWhom, 9),
            self.own(Audience, 10),
            self.own(Audience, 11),
            self.own(Topic, 12),
            self.own(Topic, 13),
            self.own(Topic, 14),
            self.own(Means, 15),
            self.own(Technology, 16),
            self.own(Technology, 17),
            self.own(Aim, 18),
            self.own(Benefit, 19),
            self.own(Opener, 20),
            self.own(Topic, 21),
            self.own(Means, 22),
            self.own(Technology, 23),
            self.own(Aim, 24),
            self.own(Benefit, 25),
            self.place(26),
            self.place(28),
            self.code(30),
        );
        [title, summary, description]
    }

    /// SQL expressions for a service's name, short and long Italian descriptions and Italian
    /// features (a JSON array).
    pub(super) fn service(&self) -> [String; 4] {
        use Category::{Aim, Audience, Benefit, ForWhom, Means, Noun, Technology, Topic};
        let (topic, tech) = (self.shared(Topic, 1), self.shared(Technology, 3));
        let name = format!("{} || ' di ' || {topic} || ' per ' || {}", self.own(Noun, 0), self.shared(Audience, 4));
        let short = format!("'Servizio di ' || {topic} || ' e ' || {} || ' con ' || {tech}", self.shared(Topic, 2));
        let long = format!(
            "{} || ' ' || {} || ' e ' || {} || ': ' || {} || ' e ' || {} || ' ' || {} || ' ' || {} || ', ' \
             || {} || ' ' || {} || '. In uso a ' || {} || ' e ' || {} || '.'",
            self.own(ForWhom, 9),
            self.own(Audience, 10),
            self.own(Audience, 11),
            self.own(Topic, 12),
            self.own(Topic, 13),
            self.own(Means, 15),
            self.own(Technology, 16),
            self.own(Aim, 18),
            self.own(Benefit, 19),
            self.place(26),
            self.place(28),
        );
        let features = format!("'[\"' || {} || '\",\"' || {} || '\"]'", self.own(Technology, 17), self.own(Topic, 14));
        [name, short, long, features]
    }
}

/// PostgreSQL's full-text document of `text`: lowercased, accents folded as the store folds them
/// ([`domain::catalogue::fold_for_search`]), the `simple` configuration.
pub(super) fn pg_document(text: &str) -> String {
    format!("to_tsvector('simple', translate(lower({text}), 'àáâäãåèéêëìíîïòóôöõùúûüçñ', 'aaaaaaeeeeiiiiooooouuuucn'))")
}

/// The statements that create and fill `syn_words`.
pub(super) fn create_words() -> [String; 2] {
    let rows: Vec<String> = words().map(|(i, w)| format!("({i}, '{}')", w.replace('\'', "''"))).collect();
    [
        "CREATE TEMPORARY TABLE syn_words (idx INTEGER PRIMARY KEY NOT NULL, word TEXT NOT NULL)".to_owned(),
        format!("INSERT INTO syn_words (idx, word) VALUES {}", rows.join(", ")),
    ]
}
