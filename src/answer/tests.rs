//! Unit tests of typed-answer comparison (docs/design.md §12): Hangul split
//! into letters, how answers are read, the verdict and grade for a table of
//! Korean and English answers, what differed, list matching and the
//! proposed grades.

use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

use super::hangul::{FINALS, INITIALS, MEDIALS, Syllable, letters, syllable};
use super::*;

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

// --- Hangul as letters ---

/// Every precomposed syllable, built by Unicode's formula, splits into the
/// jamo of its L, V and T indices; the tables agree with Unicode's own
/// decompositions (NFD of the syllable, NFKD of each compatibility jamo);
/// and its letters are those jamo with compounds split.
#[test]
fn all_11172_syllables_split_as_the_unicode_formula_builds_them() {
    let mut seen = 0;
    for l in 0..19u32 {
        assert_eq!(
            INITIALS[l as usize].nfkd().collect::<Vec<_>>(),
            [char::from_u32(0x1100 + l).unwrap()],
            "initial {l}"
        );
        for v in 0..21u32 {
            assert_eq!(
                MEDIALS[v as usize].nfkd().collect::<Vec<_>>(),
                [char::from_u32(0x1161 + v).unwrap()],
                "medial {v}"
            );
            for t in 0..28u32 {
                let c = char::from_u32(0xAC00 + (l * 21 + v) * 28 + t).unwrap();
                let final_ = (t > 0).then(|| FINALS[t as usize - 1]);
                assert_eq!(
                    syllable(c),
                    Some(Syllable {
                        initial: INITIALS[l as usize],
                        medial: MEDIALS[v as usize],
                        final_,
                    }),
                    "{c}"
                );
                let mut nfd = vec![
                    char::from_u32(0x1100 + l).unwrap(),
                    char::from_u32(0x1161 + v).unwrap(),
                ];
                nfd.extend((t > 0).then(|| char::from_u32(0x11A7 + t).unwrap()));
                assert_eq!(c.nfd().collect::<Vec<_>>(), nfd, "{c}");
                if let Some(f) = final_ {
                    // A compatibility jamo decomposes to the final, or to
                    // the initial written the same: the modern one when the
                    // letter is also an initial (ㄱ), an old one for ㅀ, ㅄ.
                    let nfkd: Vec<char> = f.nfkd().collect();
                    let as_initial = INITIALS.iter().position(|i| *i == f);
                    let ok = match as_initial {
                        Some(k) => nfkd == [char::from_u32(0x1100 + k as u32).unwrap()],
                        None => {
                            nfkd == [char::from_u32(0x11A7 + t).unwrap()]
                                || matches!(nfkd[..], ['\u{1113}'..='\u{115F}'])
                        }
                    };
                    assert!(ok, "final of {c}: {f} decomposes to {nfkd:?}");
                }
                let mut want = Vec::new();
                for (jamo, role) in [
                    (Some(INITIALS[l as usize]), Role::Initial),
                    (Some(MEDIALS[v as usize]), Role::Medial),
                    (final_, Role::Final),
                ] {
                    if let Some(jamo) = jamo {
                        let (a, b) = hangul::split(jamo);
                        want.push((a, Some(role)));
                        want.extend(b.map(|b| (b, Some(role))));
                    }
                }
                assert_eq!(letters(c), Some(want), "{c}");
                seen += 1;
            }
        }
    }
    assert_eq!(seen, 11_172);
    assert_eq!(syllable('\u{ABFF}'), None);
    assert_eq!(syllable('\u{D7A4}'), None);
    assert_eq!(syllable('a'), None);
}

#[test]
fn compound_jamo_split_into_their_letters_and_double_consonants_do_not() {
    let cases = [
        ('ㅘ', "ㅗㅏ"),
        ('ㅙ', "ㅗㅐ"),
        ('ㅚ', "ㅗㅣ"),
        ('ㅝ', "ㅜㅓ"),
        ('ㅞ', "ㅜㅔ"),
        ('ㅟ', "ㅜㅣ"),
        ('ㅢ', "ㅡㅣ"),
        ('ㄳ', "ㄱㅅ"),
        ('ㄵ', "ㄴㅈ"),
        ('ㄶ', "ㄴㅎ"),
        ('ㄺ', "ㄹㄱ"),
        ('ㄻ', "ㄹㅁ"),
        ('ㄼ', "ㄹㅂ"),
        ('ㄽ', "ㄹㅅ"),
        ('ㄾ', "ㄹㅌ"),
        ('ㄿ', "ㄹㅍ"),
        ('ㅀ', "ㄹㅎ"),
        ('ㅄ', "ㅂㅅ"),
        ('ㄲ', "ㄲ"),
        ('ㄸ', "ㄸ"),
        ('ㅃ', "ㅃ"),
        ('ㅆ', "ㅆ"),
        ('ㅉ', "ㅉ"),
        ('ㅐ', "ㅐ"),
        ('ㅔ', "ㅔ"),
    ];
    for (jamo, parts) in cases {
        assert_eq!(units(&jamo.to_string()), chars(parts), "{jamo}");
    }
    assert_eq!(units("닭"), chars("ㄷㅏㄹㄱ"));
    assert_eq!(units("값"), chars("ㄱㅏㅂㅅ"));
    assert_eq!(units("왜"), chars("ㅇㅗㅐ"));
    assert_eq!(units("의"), chars("ㅇㅡㅣ"));
    assert_eq!(units("까"), chars("ㄲㅏ"));
    // ㄲ is one letter: 까 for 카 is one slip, not two.
    assert_eq!(compare("까", "카").distance, 1);
}

#[test]
fn an_initial_and_a_final_consonant_are_the_same_letter_and_so_is_a_jamo_typed_alone() {
    assert_eq!(units("각"), chars("ㄱㅏㄱ"));
    assert_eq!(units("ㄱㅏㄱ"), units("각"));
    // Conjoining jamo NFC cannot join are letters too.
    assert_eq!(units("\u{1100}"), chars("ㄱ"));
    assert_eq!(units("\u{11A8}"), chars("ㄱ"));
    assert_eq!(units("\u{1100}\u{1161}"), units("가"));
}

#[test]
fn a_syllable_without_a_final_has_no_unit_for_it_and_other_text_is_one_unit_a_character() {
    assert_eq!(units("쓰다듬다"), chars("ㅆㅡㄷㅏㄷㅡㅁㄷㅏ"));
    assert_eq!(units("쓰다듬다").len(), 9);
    assert_eq!(units("Vec"), chars("vec"));
    assert_eq!(units("é"), chars("é"));
}

// --- Reading an answer ---

#[test]
fn reading_ignores_spacing_case_marks_links_and_edge_punctuation() {
    let same = [
        ("쓰다듬다", "쓰다 듬다"),
        ("쓰다듬다", " 쓰 다 듬 다 "),
        ("서울역", "서울\t역"),
        ("Seoul Station", "seoulstation"),
        ("Seoul", "SEOUL"),
        ("Seoul", "Seoul."),
        ("Seoul", "“Seoul”"),
        ("Seoul", "\"Seoul!\""),
        ("서울", "(서울)"),
        ("서울", "서울。"),
        ("서울, 부산", "서울 부산"),
        ("서울", "**서울**"),
        ("서울", "__서울__"),
        ("서울", "*서울*"),
        ("서울", "_서울_"),
        ("hello world", "hello _world_"),
        ("서울", "==서울=="),
        ("서울", "~~서울~~"),
        ("Vec::new", "`Vec::new`"),
        ("서울", "[서울](https://example.org/seoul)"),
        ("서울", "[[Seoul|서울]]"),
        ("Seoul", "[[Seoul]]"),
        ("é", "e\u{301}"),
        ("가", "\u{1100}\u{1161}"),
    ];
    for (a, b) in same {
        assert_eq!(normalize(a), normalize(b), "{a:?} vs {b:?}");
    }
    assert_eq!(normalize("Seoul Station."), "seoulstation");
}

#[test]
fn reading_keeps_what_means_something_inside_a_word() {
    assert_eq!(normalize("snake_case"), "snake_case");
    assert_ne!(normalize("snake_case"), normalize("snakecase"));
    assert_eq!(normalize("-(으)세요"), "-(으)세요");
    assert_eq!(normalize("f(x)"), "f(x)");
    assert_eq!(normalize("3.14"), "3.14");
    assert_eq!(normalize("don't"), "don't");
    assert_eq!(normalize("U.S.A."), "u.s.a");
}

// --- Verdicts and grades, one answer ---

#[test]
fn a_table_of_korean_and_english_answers_gets_the_verdict_and_grade_of_section_12() {
    use Verdict::*;
    let table: [(&str, &str, Verdict, u8); 34] = [
        // exact, spacing, case and punctuation
        ("쓰다듬다", "쓰다듬다", Exact, 5),
        ("쓰다듬다", "쓰다 듬다", Exact, 5),
        ("쓰다듬다", "쓰다듬다.", Exact, 5),
        ("서울역", "서울 역!", Exact, 5),
        ("**자동화**", "자동화", Exact, 5),
        ("Seoul Station", "seoul station", Exact, 5),
        ("Seoul Station", "SeoulStation.", Exact, 5),
        ("Rust", "\"rust\"", Exact, 5),
        // one jamo off: initial, medial, final (9 units allow 1)
        ("쓰다듬다", "스다듬다", Near, 4),
        ("쓰다듬다", "쓰디듬다", Near, 4),
        ("쓰다듬다", "쓰다득다", Near, 4),
        ("쓰다듬다", "쓰다드다", Near, 4),
        ("가다", "각다", Near, 4),
        // compound jamo: one letter of a compound vowel or final
        ("사과", "사고", Near, 4),
        ("사과", "사가", Near, 4),
        ("닭", "닥", Near, 4),
        ("닭", "달", Near, 4),
        ("값", "갑", Near, 4),
        // the letters right, the syllables written otherwise
        ("값", "갑ㅅ", Near, 4),
        ("가", "ㄱㅏ", Near, 4),
        // two slips
        ("쓰다듬다", "스다뜸다", Wrong, 1),
        ("대한민국", "데한민극", Near, 4),
        ("대한민국", "데헌민극", Wrong, 1),
        ("necessary", "neccessary", Near, 4),
        ("necessary", "neccesary", Wrong, 1),
        ("photosynthesis", "fotosynthesis", Near, 4),
        ("cat", "car", Near, 4),
        // clearly wrong
        ("쓰다듬다", "사과", Wrong, 1),
        ("cat", "dog", Wrong, 1),
        ("Seoul", "Busan", Wrong, 1),
        // nothing typed
        ("쓰다듬다", "", Nothing, 0),
        ("쓰다듬다", "   ", Nothing, 0),
        ("Seoul", "...", Nothing, 0),
        ("Seoul", "**", Nothing, 0),
    ];
    for (expected, typed, verdict, grade) in table {
        let c = compare(expected, typed);
        assert_eq!(
            (c.verdict, c.grade().value()),
            (verdict, grade),
            "{expected:?} typed {typed:?}: distance {} of {}",
            c.distance,
            c.allowed
        );
    }
}

#[test]
fn the_issues_own_example_one_slipped_jamo_is_near_two_are_not() {
    let near = compare("쓰다듬다", "스다듬다");
    assert_eq!((near.distance, near.allowed), (1, 1));
    assert_eq!(near.verdict, Verdict::Near);
    let far = compare("쓰다듬다", "스다뜸다");
    assert_eq!((far.distance, far.allowed), (2, 1));
    assert_eq!(far.verdict, Verdict::Wrong);
}

#[test]
fn the_near_miss_distance_grows_with_the_answer_one_unit_in_five() {
    assert_eq!(allowed(0), 1);
    assert_eq!(allowed(4), 1);
    assert_eq!(allowed(9), 1);
    assert_eq!(allowed(10), 2);
    assert_eq!(allowed(14), 2);
    assert_eq!(allowed(15), 3);
    // 대한민국 is 11 units: two slips are still near.
    assert_eq!(compare("대한민국", "대한민국").allowed, 2);
}

#[test]
fn under_fsrs_exact_proposes_good_4_and_3_hard_and_lower_again() {
    let button = |n| fsrs_button(grade(n));
    assert_eq!([5, 4, 3, 2, 1, 0].map(button), [3, 2, 2, 1, 1, 1]);
    assert_eq!(fsrs_button(compare("서울", "서울").grade()), 3);
    assert_eq!(fsrs_button(compare("서울", "서을").grade()), 2);
    assert_eq!(fsrs_button(compare("서울", "부산").grade()), 1);
    assert_eq!(fsrs_button(compare("서울", "").grade()), 1);
}

// --- What differed ---

fn right(s: &str) -> Vec<Piece> {
    s.chars().map(Piece::Right).collect()
}

fn wrong(expected: char, typed: &str, slips: &[(Role, &str, &str)]) -> Piece {
    Piece::Wrong {
        expected,
        typed: typed.to_string(),
        slips: slips
            .iter()
            .map(|(role, e, t)| Slip {
                role: *role,
                expected: e.to_string(),
                typed: t.to_string(),
            })
            .collect(),
    }
}

fn pieces(parts: Vec<Vec<Piece>>) -> Vec<Piece> {
    parts.into_iter().flatten().collect()
}

#[test]
fn a_slipped_jamo_marks_its_syllable_and_names_its_place() {
    use Role::*;
    assert_eq!(
        compare("쓰다듬다", "스다듬다").pieces,
        pieces(vec![
            vec![wrong('쓰', "스", &[(Initial, "ㅆ", "ㅅ")])],
            right("다듬다")
        ])
    );
    assert_eq!(
        compare("쓰다듬다", "쓰디듬다").pieces,
        pieces(vec![
            right("쓰"),
            vec![wrong('다', "디", &[(Medial, "ㅏ", "ㅣ")])],
            right("듬다")
        ])
    );
    assert_eq!(
        compare("쓰다듬다", "쓰다득다").pieces,
        pieces(vec![
            right("쓰다"),
            vec![wrong('듬', "득", &[(Final, "ㅁ", "ㄱ")])],
            right("다")
        ])
    );
    assert_eq!(
        compare("쓰다듬다", "스다뜸다").pieces,
        pieces(vec![
            vec![wrong('쓰', "스", &[(Initial, "ㅆ", "ㅅ")])],
            right("다"),
            vec![wrong('듬', "뜸", &[(Initial, "ㄷ", "ㄸ")])],
            right("다"),
        ])
    );
}

#[test]
fn a_slip_in_a_compound_or_a_missing_or_extra_final_names_the_whole_jamo() {
    use Role::*;
    assert_eq!(
        compare("사과", "사고").pieces,
        pieces(vec![
            right("사"),
            vec![wrong('과', "고", &[(Medial, "ㅘ", "ㅗ")])]
        ])
    );
    assert_eq!(
        compare("닭", "닥").pieces,
        vec![wrong('닭', "닥", &[(Final, "ㄺ", "ㄱ")])]
    );
    assert_eq!(
        compare("가다", "각다").pieces,
        pieces(vec![
            vec![wrong('가', "각", &[(Final, "", "ㄱ")])],
            right("다")
        ])
    );
    assert_eq!(
        compare("각다", "가다").pieces,
        pieces(vec![
            vec![wrong('각', "가", &[(Final, "ㄱ", "")])],
            right("다")
        ])
    );
    assert_eq!(
        compare("고기", "과기").pieces,
        pieces(vec![
            vec![wrong('고', "과", &[(Medial, "ㅗ", "ㅘ")])],
            right("기")
        ])
    );
}

#[test]
fn letters_right_but_written_as_other_syllables_mark_the_syllable_without_a_jamo() {
    assert_eq!(compare("값", "갑ㅅ").pieces, vec![wrong('값', "갑ㅅ", &[])]);
}

#[test]
fn other_text_is_marked_character_by_character_with_extras_and_omissions() {
    assert_eq!(
        compare("cat", "cut").pieces,
        pieces(vec![right("c"), vec![wrong('a', "u", &[])], right("t")])
    );
    assert_eq!(
        compare("cart", "cat").pieces,
        pieces(vec![right("ca"), vec![wrong('r', "", &[])], right("t")])
    );
    assert_eq!(
        compare("necessary", "neccessary").pieces,
        pieces(vec![
            right("nec"),
            vec![Piece::Extra("c".into())],
            right("essary")
        ])
    );
    // The first slip is named first, and a gap falls late.
    assert_eq!(
        compare("photosynthesis", "fotosynthesis").pieces,
        pieces(vec![
            vec![wrong('p', "f", &[]), wrong('h', "", &[])],
            right("otosynthesis")
        ])
    );
}

#[test]
fn spaces_and_marks_of_the_expected_answer_are_kept_for_display_but_not_compared() {
    let c = compare("Seoul Station", "seoulstation");
    assert_eq!(c.verdict, Verdict::Exact);
    assert_eq!(
        c.pieces,
        pieces(vec![
            right("Seoul"),
            vec![Piece::Ignored(' ')],
            right("Station")
        ])
    );
    let c = compare("**서울**역", "서을역");
    let shown: String = c
        .pieces
        .iter()
        .map(|p| match p {
            Piece::Ignored(c) | Piece::Right(c) | Piece::Wrong { expected: c, .. } => *c,
            Piece::Extra(_) => '+',
        })
        .collect();
    assert_eq!(shown, "**서울**역");
    assert!(matches!(c.pieces[0], Piece::Ignored('*')));
    assert!(matches!(
        c.pieces[3],
        Piece::Wrong {
            expected: '울', ..
        }
    ));
}

#[test]
fn the_plain_rendering_brackets_what_differed_and_says_what_was_typed() {
    assert_eq!(
        render(&compare("쓰다듬다", "스다듬다")),
        "[쓰]다듬다\n  쓰: typed 스 (initial ㅆ, typed ㅅ)\n"
    );
    assert_eq!(
        render(&compare("쓰다듬다", "스다뜸다")),
        "[쓰]다[듬]다\n  쓰: typed 스 (initial ㅆ, typed ㅅ)\n  듬: typed 뜸 (initial ㄷ, typed ㄸ)\n"
    );
    assert_eq!(
        render(&compare("가다", "각다")),
        "[가]다\n  가: typed 각 (final none, typed ㄱ)\n"
    );
    assert_eq!(
        render(&compare("necessary", "neccessary")),
        "nec[+c]essary\n  +c: typed, not in the answer\n"
    );
    assert_eq!(render(&compare("cart", "cat")), "ca[r]t\n  r: missing\n");
    assert_eq!(
        render(&compare("Seoul Station", "seoul station")),
        "Seoul Station\n"
    );
    assert_eq!(
        render(&compare("쓰다듬다", "")),
        "쓰다듬다\n  nothing typed\n"
    );
}

// --- Lists ---

fn outcomes(list: &ListComparison) -> Vec<(&str, String)> {
    list.items
        .iter()
        .map(|item| {
            let said = match &item.outcome {
                Outcome::Exact { typed } => format!("exact {typed}"),
                Outcome::Near { comparison } => format!("near {}", comparison.typed),
                Outcome::Missed => "missed".to_string(),
            };
            (item.expected.as_str(), said)
        })
        .collect()
}

#[test]
fn list_items_typed_in_another_order_all_match() {
    let list = compare_list(&["사과", "배", "포도"], &["포도", "사과 ", "배."]);
    assert_eq!(
        outcomes(&list),
        [
            ("사과", "exact 사과".to_string()),
            ("배", "exact 배.".to_string()),
            ("포도", "exact 포도".to_string()),
        ]
    );
    assert_eq!(list.grade().value(), 5);
}

#[test]
fn list_grades_follow_section_12() {
    let items = ["사과", "배", "포도", "수박"];
    let grade = |typed: &[&str]| compare_list(&items, typed).grade().value();
    assert_eq!(grade(&["수박", "포도", "배", "사과"]), 5);
    assert_eq!(grade(&["수박", "포도", "베", "사고"]), 4);
    assert_eq!(grade(&["수박", "포도"]), 3);
    assert_eq!(grade(&["수박", "포도", "딸기"]), 3);
    assert_eq!(grade(&["수박"]), 2);
    assert_eq!(grade(&["딸기", "바나나"]), 1);
    assert_eq!(grade(&[]), 0);
    assert_eq!(grade(&["", "  ", "키위"]), 1);
    assert_eq!(grade(&["", "  ", "."]), 0);
}

#[test]
fn typed_items_that_match_nothing_cost_nothing() {
    let list = compare_list(&["사과", "배"], &["사과", "수박", "배", "딸기"]);
    assert_eq!(list.grade().value(), 5);
    assert_eq!(list.extra, ["수박", "딸기"]);
}

#[test]
fn the_matching_takes_the_most_exact_matches_before_the_most_matches() {
    // "cart" is exact for "cart" and near "card"; "carts" is near "cart"
    // only. Two near matches would be more matches; one exact comes first.
    let list = compare_list(&["cart", "card"], &["cart", "carts"]);
    assert_eq!(
        outcomes(&list),
        [
            ("cart", "exact cart".to_string()),
            ("card", "missed".to_string())
        ]
    );
    assert_eq!(list.extra, ["carts"]);
    assert_eq!(list.grade().value(), 3);
}

#[test]
fn the_matching_finds_the_most_near_matches_where_a_greedy_one_would_not() {
    // "bart" is near both; "carts" only near "cart". Giving "cart" the
    // first near item it meets would leave "dart" without one.
    let list = compare_list(&["cart", "dart"], &["bart", "carts"]);
    assert_eq!(
        outcomes(&list),
        [
            ("cart", "near carts".to_string()),
            ("dart", "near bart".to_string())
        ]
    );
    assert!(list.extra.is_empty());
    assert_eq!(list.grade().value(), 4);
}

#[test]
fn a_repeated_item_needs_a_typed_item_each() {
    let list = compare_list(&["네", "네"], &["네"]);
    assert_eq!(list.exact(), 1);
    assert_eq!(list.grade().value(), 3);
}

#[test]
fn a_nearly_matched_item_says_what_differed() {
    let list = compare_list(&["사과", "쓰다듬다", "배"], &["스다듬다", "포도", "사과"]);
    let Outcome::Near { comparison } = &list.items[1].outcome else {
        panic!("쓰다듬다 should be nearly matched: {:?}", list.items[1]);
    };
    assert_eq!(comparison.typed, "스다듬다");
    assert_eq!(
        render_list(&list),
        "matched  사과\n\
         nearly   [쓰]다듬다  (typed 스다듬다)\n\
         \x20          쓰: typed 스 (initial ㅆ, typed ㅅ)\n\
         missed   배\n\
         not in the answer: 포도\n"
    );
}

// --- Properties ---

fn answer() -> impl Strategy<Value = String> {
    "[가-힣ㄱ-ㅣa-zA-Z0-9 .,!?*_=~()\\[\\]`'\"-]{0,14}"
}

#[test]
fn reading_twice_reads_as_once_when_a_dropped_mark_stood_between_combining_marks() {
    for text in ["שׁ*\u{cbc}", "נּ_\u{16af0}"] {
        let once = normalize(text);
        assert_eq!(normalize(&once), once, "{text:?}");
    }
}

proptest! {
    #[test]
    fn reading_twice_reads_as_once(text in "\\PC{0,24}") {
        let once = normalize(&text);
        prop_assert_eq!(normalize(&once), once);
    }

    #[test]
    fn reading_twice_reads_as_once_for_answer_like_text(text in answer()) {
        let once = normalize(&text);
        prop_assert_eq!(normalize(&once), once);
    }

    #[test]
    fn distance_is_symmetric(a in answer(), b in answer()) {
        prop_assert_eq!(compare(&a, &b).distance, compare(&b, &a).distance);
    }

    #[test]
    fn the_expected_answer_typed_back_is_always_exact(a in answer()) {
        let c = compare(&a, &a);
        if units(&a).is_empty() {
            prop_assert_eq!(c.grade().value(), 0);
        } else {
            prop_assert_eq!(c.grade().value(), 5);
            prop_assert!(c.pieces.iter().all(|p| matches!(p, Piece::Right(_) | Piece::Ignored(_))));
        }
    }

    #[test]
    fn spacing_case_and_emphasis_never_cost_a_grade(a in "[가-힣a-z][가-힣a-z ]{0,11}") {
        let typed = format!("**{}**.", a.to_uppercase().replace(' ', ""));
        prop_assert_eq!(compare(&a, &typed).grade().value(), 5);
    }

    #[test]
    fn the_marked_path_costs_the_distance_and_covers_the_expected_answer(a in answer(), b in answer()) {
        let e = normalize::read(&a);
        let t = normalize::read(&b);
        let ops = align::align(&e.letters(), &t.letters());
        prop_assert_eq!(align::cost(&ops), strsim::generic_levenshtein(&e.letters(), &t.letters()));
        let c = compare(&a, &b);
        let shown: String = c.pieces.iter().filter_map(|p| match p {
            Piece::Ignored(c) | Piece::Right(c) | Piece::Wrong { expected: c, .. } => Some(*c),
            Piece::Extra(_) => None,
        }).collect();
        prop_assert_eq!(shown, a.nfc().collect::<String>());
        let marked = c.pieces.iter().any(|p| matches!(p, Piece::Wrong { .. } | Piece::Extra(_)));
        if c.verdict == Verdict::Exact {
            prop_assert!(!marked, "{:?}", c);
        }
        if c.distance > 0 {
            prop_assert!(marked, "{:?}", c);
        }
    }

    #[test]
    fn near_and_wrong_part_at_the_allowed_distance(a in answer(), b in answer()) {
        let c = compare(&a, &b);
        match c.verdict {
            Verdict::Exact => prop_assert_eq!(normalize(&a), normalize(&b)),
            Verdict::Near => prop_assert!(c.distance <= c.allowed),
            Verdict::Wrong => prop_assert!(c.distance > c.allowed),
            Verdict::Nothing => prop_assert!(units(&b).is_empty()),
        }
    }

    #[test]
    fn a_list_typed_back_in_any_order_is_all_exact(
        items in prop::collection::vec("[가-힣a-z]{1,6}", 1..6),
        seed in any::<u64>(),
    ) {
        let mut typed = items.clone();
        let len = typed.len();
        for k in (1..len).rev() {
            typed.swap(k, (seed as usize).wrapping_mul(k + 7) % (k + 1));
        }
        let list = compare_list(&items, &typed);
        prop_assert_eq!(list.grade().value(), 5);
        prop_assert!(list.extra.is_empty());
    }
}

/// The best (exact, matched) counts over every one-to-one pairing, tried
/// one by one.
fn best_by_brute_force(expected: &[String], typed: &[String]) -> (usize, usize) {
    fn go(i: usize, expected: &[String], typed: &[String], used: &mut Vec<bool>) -> (usize, usize) {
        if i == expected.len() {
            return (0, 0);
        }
        let mut best = go(i + 1, expected, typed, used);
        for j in 0..typed.len() {
            if used[j] || units(&typed[j]).is_empty() {
                continue;
            }
            let exact = normalize(&expected[i]) == normalize(&typed[j]);
            if !exact && compare(&expected[i], &typed[j]).verdict != Verdict::Near {
                continue;
            }
            used[j] = true;
            let (e, m) = go(i + 1, expected, typed, used);
            used[j] = false;
            best = best.max((e + usize::from(exact), m + 1));
        }
        best
    }
    go(0, expected, typed, &mut vec![false; typed.len()])
}

proptest! {
    #[test]
    fn the_list_matching_is_the_best_one_to_one_pairing(
        expected in prop::collection::vec("[abc]{1,4}", 0..5),
        typed in prop::collection::vec("[abc ]{0,4}", 0..6),
    ) {
        let list = compare_list(&expected, &typed);
        prop_assert_eq!((list.exact(), list.matched()), best_by_brute_force(&expected, &typed));
        for item in &list.items {
            match &item.outcome {
                Outcome::Exact { typed } => prop_assert_eq!(normalize(typed), normalize(&item.expected)),
                Outcome::Near { comparison } => prop_assert_eq!(comparison.verdict, Verdict::Near),
                Outcome::Missed => {}
            }
        }
        let typed_items = typed.iter().filter(|t| !units(t).is_empty()).count();
        prop_assert_eq!(list.matched() + list.extra.len(), typed_items);
    }
}

// --- Code (docs/design.md §14.1) ---

#[test]
fn code_counts_spacing_as_nothing_and_line_ends_as_spaces() {
    let verdict = |typed: &str| compare_code("git reset --soft HEAD~1", typed).verdict;
    assert_eq!(verdict("git reset --soft HEAD~1"), Verdict::Exact);
    assert_eq!(verdict("  git   reset\t--soft  HEAD~1 "), Verdict::Exact);
    assert_eq!(verdict("`git reset --soft HEAD~1`"), Verdict::Exact);
    assert_eq!(verdict(""), Verdict::Nothing);
    assert_eq!(verdict("   "), Verdict::Nothing);
    // A block of several lines, indentation and all, typed on one line.
    let block = "fn main() {\n    println!(\"hi\");\n}";
    assert_eq!(
        compare_code(block, "fn main() { println!(\"hi\"); }").verdict,
        Verdict::Exact
    );
    assert_eq!(collapse(block), "fn main() { println!(\"hi\"); }");
    // A backslash ending a line only continues it.
    let continued = "docker run \\\n  -p 80:80 \\\n  nginx";
    assert_eq!(collapse(continued), "docker run -p 80:80 nginx");
    assert_eq!(
        compare_code(continued, "docker run -p 80:80 nginx").verdict,
        Verdict::Exact
    );
    assert_eq!(
        compare_code(continued, "docker run \\ -p 80:80 \\ nginx").verdict,
        Verdict::Exact
    );
    // Inside a line it is code.
    assert_eq!(collapse("echo a\\ b"), "echo a\\ b");
}

#[test]
fn in_code_case_marks_and_punctuation_count_and_words_must_stay_apart() {
    let verdict = |expected: &str, typed: &str| compare_code(expected, typed).verdict;
    // Prose would forgive each of these; code does not.
    assert_ne!(verdict("ls -la", "ls-la"), Verdict::Exact);
    assert_ne!(verdict("cd ..", "cd"), Verdict::Exact);
    assert_ne!(verdict("echo *.md", "echo .md"), Verdict::Exact);
    assert_ne!(verdict("git status", "Git status"), Verdict::Exact);
    assert_ne!(verdict("a_b", "ab"), Verdict::Exact);
}

#[test]
fn a_slip_inside_one_word_is_near_and_a_different_flag_is_wrong() {
    let check = |typed: &str| compare_code("git reset --soft HEAD~1", typed);
    assert_eq!(check("git rest --soft HEAD~1").verdict, Verdict::Near);
    assert_eq!(check("git reset --soft HEAD~1").grade().value(), 5);
    assert_eq!(check("git rest --soft HEAD~1").grade().value(), 4);
    // --hard is another command: wrong, however few letters differ.
    let hard = check("git reset --hard HEAD~1");
    assert_eq!(hard.verdict, Verdict::Wrong);
    assert_eq!(hard.grade().value(), 1);
    assert_eq!(
        compare_code("grep -r x .", "grep -R x .").verdict,
        Verdict::Wrong
    );
    // A word left out or added, or two slips, is no near miss.
    assert_eq!(check("git reset HEAD~1").verdict, Verdict::Wrong);
    assert_eq!(check("git reset --soft HEAD~1 -q").verdict, Verdict::Wrong);
    assert_eq!(check("git rest --soft HEAD~2").verdict, Verdict::Wrong);
    // A slip is within a fifth of the word: two letters of `commit` is not.
    assert_eq!(
        compare_code("git commit -m", "git comit -m").verdict,
        Verdict::Near
    );
    assert_eq!(
        compare_code("git commit -m", "git comt -m").verdict,
        Verdict::Wrong
    );
    assert_eq!(check("").grade().value(), 0);
}

#[test]
fn what_differed_in_code_is_said_word_by_word() {
    let shown = |typed: &str| render_code(&compare_code("git reset --soft HEAD~1", typed));
    assert!(shown("git reset --soft HEAD~1").is_empty());
    assert_eq!(shown("git reset --hard HEAD~1"), ["--soft: typed --hard"]);
    assert_eq!(
        shown("git reset -q --soft"),
        ["+-q: typed, not in the answer", "HEAD~1: missing"]
    );
    assert_eq!(shown(""), ["nothing typed"]);
    let typed = compare_code("ls   -la", "ls  -l");
    assert_eq!(typed.typed, "ls -l");
    assert_eq!(
        typed.words,
        [
            Word::Right("ls".into()),
            Word::Wrong {
                expected: "-la".into(),
                typed: "-l".into()
            }
        ]
    );
}

#[test]
fn code_starting_with_a_backtick_keeps_the_typed_backticks() {
    assert_eq!(compare_code("`date`", "`date`").verdict, Verdict::Exact);
    assert_eq!(compare_code("date", "``date``").verdict, Verdict::Exact);
    assert_eq!(compare_code("date", "`").verdict, Verdict::Wrong);
}

#[test]
fn answers_too_long_to_align_are_exact_or_wrong_at_once() {
    let expected: String = "the quick brown fox jumps over the lazy dog ".repeat(200);
    let typed: String = "a lazy dog ".repeat(100);
    assert!(super::too_long(units(&expected).len(), units(&typed).len()));
    let wrong = compare(&expected, &typed);
    assert_eq!(wrong.verdict, Verdict::Wrong);
    assert_eq!(wrong.grade().value(), 1);
    let exact = compare(&expected, &expected.to_uppercase());
    assert_eq!(exact.verdict, Verdict::Exact);
    // Code too: a pasted file is right or wrong as a whole.
    let code: String = (0..3_000).map(|i| format!("let x{i} = {i};\n")).collect();
    assert_eq!(
        compare_code(&code, &code.replace('\n', " "))
            .grade()
            .value(),
        5
    );
    assert_eq!(
        compare_code(&code, &"let y = 1; ".repeat(2_000))
            .grade()
            .value(),
        1
    );
}
