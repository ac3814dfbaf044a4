package dev.roster.bench;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * NickNames with the variety of a real user base, so that a NickNamePrefix query meets a realistic share of
 * users: given names, surnames and handles in Title, lower and UPPER case, with digits and separators;
 * Latin letters with diacritics and the awkward cases of case folding ("Zoë", "Straße", "İlker", "Łukasz",
 * "ß"); Greek and Cyrillic; Chinese, Japanese and Korean names; emoji (outside the BMP) in front or behind.
 * Names are picked with a skew (the first of each list are the most common), as in real populations, so
 * that prefixes differ widely in how many users they match.
 */
final class PopulationNames {
    private static final List<String> GIVEN = List.of(
            "Anna", "Alex", "Maria", "David", "Daniel", "Sara", "Michael", "Laura", "Thomas", "Julia",
            "Mohammed", "Emma", "Lucas", "Sophie", "Ben", "Marie", "Jan", "Lena", "Paul", "Elena",
            "Andreas", "Mia", "Leon", "Hannah", "Noah", "Chloé", "João", "Zoë", "İlker", "Ömer",
            "Ayşe", "Łukasz", "Søren", "François", "Amélie", "Émile", "Ágnes", "Çağla", "José", "Renée",
            "Kevin", "Olivia", "Liam", "Isabel", "Mateo", "Priya", "Rahul", "Arjun", "Fatima", "Yusuf",
            "Hugo", "Nora", "Oskar", "Giulia", "Pedro", "Rafael", "Stefan", "Ingrid", "Sven", "Ewa",
            "Kenji", "Hiro", "Wei", "Chen", "Aiko", "Minh", "Tariq", "Zainab", "Quentin", "Xavier");
    private static final List<String> SURNAMES = List.of(
            "Müller", "Schmidt", "Smith", "García", "Nguyen", "Wang", "Kim", "Rossi", "Novák", "Dubois",
            "Yılmaz", "Kowalski", "Johansson", "Strauß", "O'Brien", "van Dijk", "Fernández", "Øster", "Lee", "Brown");
    private static final List<String> WORDS = List.of(
            "Straße", "ninja", "gamer", "Sonne", "dragon", "Kaffee", "café", "night", "pixel", "wolf",
            "Größe", "fuß", "ÆON", "shadow", "Stern", "hello", "MASTER", "kitty", "rock", "zen");
    private static final List<String> OTHER_SCRIPTS = List.of(
            "Σοφία", "Γιώργος", "ΝΙΚΟΣ", "Дмитрий", "Анна", "ОЛЕГ", "Ольга", "Ярослав", "Ελένη", "Мария");
    private static final List<String> CJK = List.of(
            "王伟", "李娜", "张敏", "刘洋", "陈静", "杨帆", "黄磊", "赵丽", "小明", "王芳",
            "さくら", "ゆうき", "田中", "佐藤", "たろう", "김민준", "이서연", "박지훈", "최유나", "山本");
    private static final List<String> EMOJI = List.of("🔥", "🌸", "⭐", "🎮", "🦄", "👑", "🍀", "🐱", "😎", "💜");

    private PopulationNames() {}

    /** A NickName drawn from {@code random}. */
    static String nickName(SplittableRandom random) {
        int form = random.nextInt(100);
        String given = skewed(random, GIVEN);
        if (form < 30) {
            return given;
        }
        if (form < 45) {
            return given + " " + skewed(random, SURNAMES);
        }
        if (form < 58) {
            return given.toLowerCase(Locale.ROOT) + digits(random);
        }
        if (form < 63) {
            return given.toUpperCase(Locale.ROOT);
        }
        if (form < 73) {
            String word = skewed(random, WORDS);
            return (random.nextBoolean() ? word : word.toLowerCase(Locale.ROOT)) + (random.nextBoolean() ? "_" : "")
                    + digits(random);
        }
        if (form < 78) {
            return given.toLowerCase(Locale.ROOT).charAt(0) + "." + skewed(random, SURNAMES).toLowerCase(Locale.ROOT);
        }
        if (form < 90) {
            String name = skewed(random, CJK);
            return random.nextInt(4) == 0 ? name + digits(random) : name;
        }
        if (form < 94) {
            return skewed(random, OTHER_SCRIPTS);
        }
        String emoji = skewed(random, EMOJI);
        return random.nextBoolean() ? emoji + given : given + " " + emoji;
    }

    /** An element of {@code list}, the first ones much more often than the last (density falls as 1/√). */
    private static String skewed(SplittableRandom random, List<String> list) {
        double u = random.nextDouble();
        return list.get((int) (u * u * list.size()));
    }

    private static String digits(SplittableRandom random) {
        return switch (random.nextInt(3)) {
            case 0 -> Integer.toString(random.nextInt(100));
            case 1 -> Integer.toString(1970 + random.nextInt(40));
            default -> Integer.toString(random.nextInt(10_000));
        };
    }
}
