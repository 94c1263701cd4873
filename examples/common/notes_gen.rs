//! A deterministic generator of realistic notes for benchmarks, shared by the
//! `gen-notes` and `bench` examples (each includes it with `#[path]`).
//!
//! The notes look like `notes/conference-notes.md`: talks as `#` headings
//! with a speaker, `##`/`###` sections, nested bullet lists mixing Korean and
//! English, some `**bold**` phrases (cloze cards), now and then a paragraph,
//! a code block or YAML front matter. Files sit in a few nested folders and
//! vary in size (a long tail of big files). Card counts are exact: every file
//! is measured with `recall::cards::generate`, and each file's target absorbs
//! the previous one's overshoot, so the total lands on (or just past) the
//! requested number.

#![allow(dead_code)] // each example uses its own part of this module

use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};

/// The seed used when none is given.
pub const DEFAULT_SEED: u64 = 0x7265_6361_6c6c; // "recall"

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct GenOptions {
    pub cards: usize,
    pub files: usize,
    pub seed: u64,
}

impl GenOptions {
    /// `cards` cards in `cards / 20` files (at least one) with the default seed.
    pub fn new(cards: usize) -> GenOptions {
        GenOptions {
            cards,
            files: (cards / 20).max(1),
            seed: DEFAULT_SEED,
        }
    }
}

/// What was written.
#[derive(Debug, Clone, Default)]
pub struct GenSummary {
    pub files: usize,
    pub cards: usize,
    pub bytes: u64,
    /// Every file written, in order.
    pub paths: Vec<PathBuf>,
}

const FOLDERS: &[&str] = &[
    "talks/2019",
    "talks/2020",
    "talks/2021/backend",
    "talks/2021/frontend",
    "talks/2022",
    "books",
    "books/architecture",
    "study/rust",
    "study/database",
    "study/korean",
    "work/meetings",
    "work/retro",
    "inbox",
];

const KO_NOUNS: &[&str] = &[
    "개편",
    "결제시스템",
    "주문시스템",
    "데이터베이스",
    "파티셔닝",
    "도메인",
    "모델링",
    "의존성",
    "계층",
    "객체",
    "테스트",
    "안정감",
    "가시성",
    "일정",
    "기능",
    "이벤트",
    "스토밍",
    "불확실성",
    "배포",
    "개발",
    "속도",
    "자동화",
    "측정",
    "공유",
    "축적",
    "서비스",
    "성장",
    "투자",
    "가치",
    "회원",
    "인증",
    "경계",
    "책임",
    "역할",
    "프로젝트",
    "레거시",
    "시스템",
    "플랫폼",
    "경험",
    "조직",
    "문화",
    "코드",
    "리뷰",
    "성능",
    "최적화",
    "캐시",
    "메모리",
    "네트워크",
    "보안",
    "장애",
    "대응",
    "모니터링",
    "로그",
    "지표",
    "알림",
    "트래픽",
    "확장성",
    "가용성",
    "일관성",
    "트랜잭션",
    "쿼리",
    "인덱스",
    "스키마",
    "마이그레이션",
    "설계",
    "아키텍처",
    "마이크로서비스",
    "컨테이너",
    "클러스터",
    "파이프라인",
    "빌드",
    "릴리즈",
    "버전",
    "호환성",
    "문서화",
    "온보딩",
    "채용",
    "회고",
    "스프린트",
    "백로그",
    "우선순위",
    "요구사항",
    "사용자",
    "고객",
    "피드백",
    "실험",
    "가설",
    "데이터",
    "분석",
    "추천",
    "검색",
    "광고",
    "정산",
    "주문",
    "배달",
    "가게",
    "메뉴",
    "쿠폰",
    "알고리즘",
    "자료구조",
    "동시성",
    "비동기",
    "스레드",
    "메시지",
    "큐",
    "복구",
    "백업",
    "권한",
    "운영",
    "비용",
    "품질",
    "협업",
    "리더십",
    "커뮤니케이션",
    "학습",
    "단어",
    "문법",
    "발음",
    "조사",
    "어미",
];

const KO_PARTICLES: &[&str] = &[
    "을", "를", "의", "과", "와", "에서", "으로", "은", "는", "이", "가",
];

const KO_ENDINGS: &[&str] = &[
    "정리해라",
    "확보한다",
    "나눠라",
    "줄이기",
    "늘리기",
    "개선",
    "도입",
    "적용",
    "검토",
    "하자",
    "측정하자",
    "공유하자",
    "중요하다",
    "먼저 정한다",
    "느림",
    "낮춰라",
    "고민",
    "분리",
    "필요하다",
    "보여줘야 한다",
    "활용하지 말 것",
    "빨라짐",
    "진행",
];

const EN_WORDS: &[&str] = &[
    "Kafka",
    "Redis",
    "MySQL",
    "PostgreSQL",
    "SQLite",
    "Kubernetes",
    "Docker",
    "gRPC",
    "REST",
    "GraphQL",
    "CI",
    "CD",
    "AWS",
    "GCP",
    "Terraform",
    "Rust",
    "Go",
    "Kotlin",
    "Spring",
    "React",
    "TypeScript",
    "latency",
    "throughput",
    "p99",
    "SLO",
    "rollback",
    "canary",
    "feature flag",
    "blue-green",
    "sharding",
    "replication",
    "cache hit",
    "backpressure",
    "retry",
    "timeout",
    "idempotency",
    "event sourcing",
    "CQRS",
    "DDD",
    "TDD",
    "e2e test",
    "monorepo",
    "git",
    "code review",
    "on-call",
    "postmortem",
    "observability",
    "tracing",
    "Grafana",
    "Prometheus",
    "npm",
    "yarn",
    "shallow clone",
    "layer",
    "API",
    "SDK",
    "batch",
    "stream",
    "webhook",
    "OAuth",
    "JWT",
    "B-tree",
    "WAL",
    "vacuum",
    "borrow checker",
    "lifetime",
    "trait",
    "async",
    "tokio",
    "serde",
];

const SURNAMES: &[&str] = &[
    "김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권",
];

const GIVEN: &[&str] = &[
    "민", "서", "지", "현", "우", "준", "영", "수", "은", "하", "도", "윤", "예", "성", "진", "혜",
    "태", "경", "충", "섭", "용", "근",
];

const SLUGS: &[&str] = &[
    "devops", "legacy", "database", "rust", "kafka", "frontend", "backend", "infra", "retro",
    "meeting", "reading", "korean", "testing", "design", "career", "security", "search", "data",
];

/// Writes the notes under `dir` (created if needed; existing files with the
/// same names are overwritten).
pub fn generate(dir: &Path, options: GenOptions) -> io::Result<GenSummary> {
    let mut rng = StdRng::seed_from_u64(options.seed);
    let files = options.files.max(1);
    let targets = file_targets(&mut rng, options.cards, files);
    let mut summary = GenSummary::default();
    let mut made_dirs = HashSet::new();
    for (i, &target) in targets.iter().enumerate() {
        let folder = *FOLDERS.choose(&mut rng).expect("folders");
        let slug = *SLUGS.choose(&mut rng).expect("slugs");
        let rel = format!("{folder}/{slug}-{i:05}.md");
        let deck = rel.trim_end_matches(".md");
        // Each file aims at its share, less what earlier files overshot;
        // the last one takes whatever is left.
        let want = if i + 1 == files {
            options.cards.saturating_sub(summary.cards)
        } else {
            let planned: usize = targets[..=i].iter().sum();
            planned.saturating_sub(summary.cards).min(target * 2)
        };
        let text = note_file(&mut rng, deck, want);
        let count = recall::cards::generate(deck, &text).len();
        let path = dir.join(&rel);
        let parent = path.parent().expect("file in a folder").to_path_buf();
        if made_dirs.insert(parent.clone()) {
            fs::create_dir_all(&parent)?;
        }
        fs::write(&path, text.as_bytes())?;
        summary.files += 1;
        summary.cards += count;
        summary.bytes += text.len() as u64;
        summary.paths.push(path);
    }
    Ok(summary)
}

/// Cards per file: a log-normal spread (most files small, a few ten times
/// the median), scaled to sum to `cards`.
fn file_targets(rng: &mut StdRng, cards: usize, files: usize) -> Vec<usize> {
    let weights: Vec<f64> = (0..files)
        .map(|_| {
            let z: f64 = (0..4).map(|_| rng.random::<f64>()).sum::<f64>() - 2.0;
            (z * 1.7).exp() // roughly N(0, 1) scaled, so sigma ~ 1
        })
        .collect();
    let total: f64 = weights.iter().sum();
    weights
        .iter()
        .map(|w| ((w / total) * cards as f64).round() as usize)
        .collect()
}

/// One notes file giving about `want` cards.
fn note_file(rng: &mut StdRng, deck: &str, want: usize) -> String {
    let mut text = String::new();
    if rng.random_bool(0.1) {
        let _ = write!(
            text,
            "---\ntitle: {}\ntags: [{}, {}]\n---\n\n",
            deck.rsplit('/').next().unwrap_or(deck),
            EN_WORDS.choose(rng).expect("words"),
            KO_NOUNS.choose(rng).expect("words")
        );
    }
    let mut headings = HashSet::new();
    let mut count = 0;
    if want == 0 {
        text.push_str("메모 없음: 나중에 정리할 것.\n");
        return text;
    }
    while count < want {
        // A talk: a `#` heading, maybe a list of its own, then sections.
        let title = unique(rng, &mut headings, |rng| {
            format!("{}, {}", phrase(rng, 3, 7), person(rng))
        });
        let _ = write!(text, "# {title}\n\n");
        if rng.random_bool(0.5) {
            text.push_str("---\n\n");
        }
        if rng.random_bool(0.15) {
            let _ = write!(text, "{}.\n\n", phrase(rng, 6, 14));
        }
        if rng.random_bool(0.05) {
            // A talk with no bullets gives no card.
            continue;
        }
        if rng.random_bool(0.5) {
            count += section_list(rng, &mut text, want - count);
        }
        let sections = rng.random_range(1..=4);
        for _ in 0..sections {
            if count >= want {
                break;
            }
            let level = if rng.random_bool(0.2) { 3 } else { 2 };
            let heading = unique(rng, &mut headings, |rng| phrase(rng, 1, 4));
            let _ = write!(text, "{} {heading}\n\n", "#".repeat(level));
            if rng.random_bool(0.05) {
                let _ = write!(
                    text,
                    "```sh\ngit clone --depth 1 {}\n```\n\n",
                    EN_WORDS.choose(rng).expect("words")
                );
            }
            count += section_list(rng, &mut text, want - count);
        }
    }
    text
}

/// A top-level list (with nested lists) appended to `text`; returns the
/// cards it gives: one for its heading, one per item with a sub-list, one per
/// bold phrase. Stays small when few cards are left to make.
fn section_list(rng: &mut StdRng, text: &mut String, left: usize) -> usize {
    let mut cards = 1; // the heading card
    let top = rng.random_range(2..=7).min(left.max(1) + 1);
    let mut seen = HashSet::new();
    for _ in 0..top {
        let nested = cards < left && rng.random_bool(0.35);
        cards += item(rng, text, 0, nested, &mut seen);
        if nested {
            cards += 1;
            let subs = rng.random_range(1..=5);
            let mut sub_seen = HashSet::new();
            for _ in 0..subs {
                let deeper = cards < left && rng.random_bool(0.15);
                cards += item(rng, text, 1, deeper, &mut sub_seen);
                if deeper {
                    cards += 1;
                    let mut deep_seen = HashSet::new();
                    for _ in 0..rng.random_range(1..=3) {
                        cards += item(rng, text, 2, false, &mut deep_seen);
                    }
                }
            }
        }
    }
    text.push('\n');
    cards
}

/// One bullet at `depth`, unique among its siblings; returns 1 if it holds a
/// bold phrase (a cloze card), else 0.
fn item(
    rng: &mut StdRng,
    text: &mut String,
    depth: usize,
    has_children: bool,
    siblings: &mut HashSet<String>,
) -> usize {
    let bold = rng.random_bool(0.05);
    let line = unique(rng, siblings, |rng| {
        if bold {
            let before = phrase(rng, 0, 2);
            let marked = phrase(rng, 1, 2);
            let after = KO_ENDINGS.choose(rng).expect("endings");
            format!("{before} **{marked}**{after}").trim().to_string()
        } else if rng.random_bool(0.1) {
            format!("{} -> {}", phrase(rng, 1, 4), phrase(rng, 1, 3))
        } else if rng.random_bool(0.1) && !has_children {
            format!("{} - {}", phrase(rng, 2, 5), phrase(rng, 1, 3))
        } else {
            phrase(rng, 1, 6)
        }
    });
    let _ = writeln!(text, "{}- {line}", "  ".repeat(depth));
    usize::from(bold)
}

/// `min..=max` words, mostly Korean nouns (some with a particle), some
/// English terms, now and then a year or a Korean verb ending.
fn phrase(rng: &mut StdRng, min: usize, max: usize) -> String {
    let n = rng.random_range(min..=max);
    let mut words: Vec<String> = Vec::with_capacity(n + 1);
    for _ in 0..n {
        let roll: f64 = rng.random();
        let word = if roll < 0.6 {
            let noun = *KO_NOUNS.choose(rng).expect("nouns");
            if rng.random_bool(0.35) {
                format!("{noun}{}", KO_PARTICLES.choose(rng).expect("particles"))
            } else {
                noun.to_string()
            }
        } else if roll < 0.95 {
            EN_WORDS.choose(rng).expect("words").to_string()
        } else {
            format!("{}", rng.random_range(2015..=2025))
        };
        words.push(word);
    }
    if n > 0 && rng.random_bool(0.3) {
        words.push(KO_ENDINGS.choose(rng).expect("endings").to_string());
    }
    words.join(" ")
}

/// A Korean name: surname and two syllables.
fn person(rng: &mut StdRng) -> String {
    format!(
        "{}{}{}",
        SURNAMES.choose(rng).expect("surnames"),
        GIVEN.choose(rng).expect("given"),
        GIVEN.choose(rng).expect("given")
    )
}

/// Draws from `make` until it gives a text not in `seen`, then records it;
/// after a few tries, numbers the text instead.
fn unique(
    rng: &mut StdRng,
    seen: &mut HashSet<String>,
    mut make: impl FnMut(&mut StdRng) -> String,
) -> String {
    for _ in 0..8 {
        let text = make(rng);
        if !text.is_empty() && seen.insert(text.clone()) {
            return text;
        }
    }
    let mut n = seen.len();
    loop {
        let text = format!("{} {n}", make(rng));
        if seen.insert(text.clone()) {
            return text;
        }
        n += 1;
    }
}

/// Writes ignore files into the generated notes under `dir` that leave out
/// about a fifth of `paths`, the way a vault's do: a root `.gitignore` for
/// a folder and a name pattern, and a nested one for part of another
/// folder. Returns how many of `paths` they leave out.
pub fn ignore_a_fifth(dir: &Path, paths: &[PathBuf]) -> io::Result<usize> {
    fs::write(
        dir.join(".gitignore"),
        "# the inbox is not study notes yet\n/inbox/\n*5.md\n",
    )?;
    fs::create_dir_all(dir.join("work"))?;
    fs::write(dir.join("work/.gitignore"), "*[0-2].md\n")?;
    let left_out = paths
        .iter()
        .filter(|p| {
            let rel = p.strip_prefix(dir).unwrap_or(p);
            let name = rel.to_string_lossy();
            rel.starts_with("inbox")
                || name.ends_with("5.md")
                || (rel.starts_with("work")
                    && ["0.md", "1.md", "2.md"].iter().any(|e| name.ends_with(e)))
        })
        .count();
    Ok(left_out)
}

/// Edits one notes file the way a learner does: rewords one bullet and adds
/// a new one at the end (so a card changes or is renamed, and a list's
/// answer grows). `n` makes the added text unique.
pub fn edit_file(path: &Path, rng: &mut StdRng, n: usize) -> io::Result<()> {
    let text = fs::read_to_string(path)?;
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let bullets: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("- "))
        .map(|(i, _)| i)
        .collect();
    if let Some(&i) = bullets.choose(rng) {
        let word = KO_NOUNS.choose(rng).expect("nouns");
        lines[i].push_str(&format!(" {word} 보충 {n}"));
    }
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    lines.push(format!("- 추가 메모 {n}: {}", phrase(rng, 1, 4)));
    let mut out = lines.join("\n");
    out.push('\n');
    fs::write(path, out)
}
