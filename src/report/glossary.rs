//! "Terms used in this report": the statistical words the report uses, each explained in a sentence or
//! two for a reader who is not a statistician. Only the terms that appear in the report's text are
//! listed, so a report without adverse impact does not explain impact ratios.

/// A term, the words that show it is used (any one, matched case-sensitively in the report's text),
/// and what it means.
struct Term {
    term: &'static str,
    used_as: &'static [&'static str],
    meaning: &'static str,
}

/// Every term the report may use, in the order a reader meets them.
const TERMS: &[Term] = &[
    Term {
        term: "Corrected validity",
        used_as: &["corrected validity", "corrected r"],
        meaning: "how strongly a score goes with the outcome (the correlation, from −1 to 1; 0 means no \
                  relation) estimated for all applicants, not only the hires. Hires were chosen on the \
                  interview scores, which makes any correlation among hires alone look weaker than it is \
                  (Thorndike's Case III correction undoes that). For a single interview question, .20 to .30 \
                  is useful.",
    },
    Term {
        term: "Confidence interval (CI)",
        used_as: &["CI", "interval"],
        meaning: "the range of values the data are consistent with. A narrow interval is a precise estimate; \
                  an interval that includes 0 means the data cannot tell the effect from no effect.",
    },
    Term {
        term: "Range restriction",
        used_as: &["range restriction", "selected on the interview scores"],
        meaning: "hires are the candidates who scored well, so among hires the scores vary less than among all \
                  applicants, and any correlation with the outcome comes out smaller than it is. The corrected \
                  validity undoes that.",
    },
    Term {
        term: "Decision AUC",
        used_as: &["decision AUC", "AUC"],
        meaning: "how strongly a score drove the hire decision: the chance that a randomly chosen hire scored \
                  higher on it than a randomly chosen rejected candidate. .50 means the score made no \
                  difference to who was hired; 1.00 means it decided every time.",
    },
    Term {
        term: "q-value, false-discovery rate",
        used_as: &["false-discovery", "q <", "q ≤", "q-value"],
        meaning: "when many things are tested at once (every question, every interviewer), some pass by chance. \
                  Holding the false-discovery rate at 10% (the default) means that, on average, at most one in \
                  ten of the things flagged is a false alarm; a q-value is the smallest rate at which a result would \
                  still be flagged.",
    },
    Term {
        term: "Leniency",
        used_as: &["leniency", "lenient"],
        meaning: "how many score points an interviewer gives above (+) or below (−) peers who asked the same \
                  questions, after accounting for which candidates each of them saw (a model of every rating \
                  as candidate + question + interviewer).",
    },
    Term {
        term: "Shrunk estimate",
        used_as: &["shrunk"],
        meaning: "an interviewer's leniency pulled toward 0 by its uncertainty, so someone with few \
                  scorecards does not land at the top or bottom of a ranking by luck. Rank by this.",
    },
    Term {
        term: "Funnel plot, control limits",
        used_as: &["funnel"],
        meaning: "each interviewer's leniency against their number of ratings. The lines (control limits) \
                  show how far from 0 chance alone takes an interviewer with that many ratings: they narrow as \
                  ratings grow. A dot outside is unusual; a flag also needs the difference to matter.",
    },
    Term {
        term: "Spread, narrow range",
        used_as: &["spread", "narrow range"],
        meaning: "the share of their peers' score spread an interviewer uses (1 = the same, below 1 = \
                  narrower). Someone who gives nearly everyone the same score tells candidates apart less.",
    },
    Term {
        term: "Agreement r",
        used_as: &["agreement r", "Agreement with the rest of the panel"],
        meaning: "the correlation of an interviewer's scores with the rest of the panel's scores for the same \
                  candidates: how much they see what their colleagues see.",
    },
    Term {
        term: "Peer group",
        used_as: &["peer group"],
        meaning: "interviewers linked through the questions they ask; interviewers are only compared with \
                  their own peer group.",
    },
    Term {
        term: "Halo",
        used_as: &["halo"],
        meaning: "giving nearly the same score to every question on a scorecard, so the questions stop \
                  measuring different things. The halo index compares how much an interviewer's scores vary \
                  between the questions of one scorecard, relative to their overall spread, with the same for \
                  their peers: 0 = like peers, higher = more alike across questions.",
    },
    Term {
        term: "Cohen's kappa",
        used_as: &["kappa"],
        meaning: "agreement between two yes/no judgements (here the interviewer's \
                  recommendation and the hiring decision) beyond what chance alone gives; 0 = chance, 1 = \
                  always.",
    },
    Term {
        term: "Reliability, ICC(1)",
        used_as: &["ICC(1)", "reliability"],
        meaning: "the share of the differences in scores that are real differences between candidates rather \
                  than who happened to interview them (0 to 1). ICC(1) is that share for a single interview; \
                  averaging more interviews raises it.",
    },
    Term {
        term: "Spearman–Brown",
        used_as: &["Spearman–Brown"],
        meaning: "the classic formula for how reliability grows with the number of interviews, treating every \
                  interview as a repeat of the same measurement.",
    },
    Term {
        term: "Krippendorff's alpha",
        used_as: &["Krippendorff"],
        meaning: "how well interviewers agree on the same candidates, corrected for the agreement chance would \
                  give: 1 = perfect agreement, 0 = no better than chance.",
    },
    Term {
        term: "Cronbach's alpha",
        used_as: &["Cronbach"],
        meaning: "how consistently a candidate's questions rank them; high values mean the questions measure \
                  something in common.",
    },
    Term {
        term: "Generalizability study, G and Phi",
        used_as: &["G study", "G =", "Phi", "generalizability"],
        meaning: "a generalizability study splits the score differences into their sources — candidates, interviewers disagreeing, \
                  questions sampling different skills, noise — as variance components. G is the resulting \
                  reliability for ranking candidates against each other (0 to 1; .80 is a common target); Phi \
                  the reliability for comparing a candidate with a fixed bar.",
    },
    Term {
        term: "G(q,k)",
        used_as: &["G(q,k)"],
        meaning: "G of the panel as actually staffed (Putka et al. 2008): when candidates share interviewers \
                  and questions, those shared parts do not change how candidates rank, and G(q,k) credits \
                  that.",
    },
    Term {
        term: "D-study",
        used_as: &["D-study"],
        meaning: "the reliability any other design would have — so many interviewers asking so many \
                  questions — computed from the variance components, to answer \"more interviewers or more \
                  questions?\".",
    },
    Term {
        term: "Impact ratio, four-fifths rule",
        used_as: &["impact ratio", "four-fifths"],
        meaning: "a group's hire rate divided by the rate of the group hired most often. Under the US \
                  Uniform Guidelines' four-fifths rule, a ratio below 0.80 is a sign of adverse impact to \
                  examine; at small numbers the Z and Fisher tests beside it say whether chance could explain \
                  it.",
    },
    Term {
        term: "Z test, Fisher's exact test, mid-p",
        used_as: &["Fisher"],
        meaning: "tests of whether two groups' hire rates differ by more than chance. At small numbers they can \
                  disagree with each other and with the four-fifths rule, so the report shows all three; the \
                  mid-p is a less conservative version of Fisher's p.",
    },
    Term {
        term: "Differential prediction",
        used_as: &["differential prediction", "intercept diff"],
        meaning: "whether one line predicting the outcome from the panel score fits every group (Cleary's \
                  test). An intercept difference means the line predicts the group's outcomes too low \
                  (positive) or too high (negative) at the same score; a slope difference means the score \
                  predicts more or less steeply for the group.",
    },
    Term {
        term: "Standardized gap d",
        used_as: &["gap d"],
        meaning: "the difference between two groups' mean scores in units of the scores' spread: 0.2 is \
                  small, 0.5 medium, 0.8 large.",
    },
];

/// The glossary's paragraphs ("Term: meaning."), for the terms that occur in `text` (the report's
/// other paragraphs and tables, joined).
pub fn paragraphs(text: &str) -> Vec<String> {
    TERMS
        .iter()
        .filter(|t| t.used_as.iter().any(|w| text.contains(w)))
        .map(|t| format!("{}: {}", t.term, t.meaning))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_terms_the_report_uses_are_explained() {
        let p = paragraphs("The panel has G = .71 (Putka et al.'s G(q,k)); Krippendorff's alpha .37.");
        let terms: Vec<&str> = p.iter().map(|l| l.split(": ").next().unwrap()).collect();
        assert_eq!(terms, ["Krippendorff's alpha", "Generalizability study, G and Phi", "G(q,k)"]);
        assert!(paragraphs("nothing statistical here").is_empty());
    }

    #[test]
    fn every_term_is_found_by_its_own_words_and_reads_as_a_sentence() {
        for t in TERMS {
            assert!(!t.used_as.is_empty(), "{}", t.term);
            let p = paragraphs(t.used_as[0]);
            assert!(p.iter().any(|l| l.starts_with(t.term)), "{}", t.term);
            assert!(t.meaning.ends_with('.'), "{}", t.term);
        }
    }
}
