"""Vietnamese names for demo data, with weights close to their real frequencies.

Surnames: the shares of the most common family names in Vietnam as commonly cited from
the population surveys (Nguyễn ≈ 38 %, Trần ≈ 12 %, Lê ≈ 9.5 %, Phạm ≈ 7 %, ...), per
thousand. Middle and given names: the common ones in ranked order; their weights fall with
rank as name frequencies do (Zipf's law), so "Anh", "Linh" and "Hương" are frequent and
"Khuê" is rare. Every entry is written with its diacritics in Unicode NFC.
"""

SURNAMES: tuple[tuple[str, float], ...] = (
    ("Nguyễn", 384),
    ("Trần", 121),
    ("Lê", 95),
    ("Phạm", 70),
    ("Hoàng", 31),
    ("Huỳnh", 20),
    ("Phan", 45),
    ("Vũ", 20),
    ("Võ", 19),
    ("Đặng", 21),
    ("Bùi", 20),
    ("Đỗ", 14),
    ("Hồ", 13),
    ("Ngô", 13),
    ("Dương", 10),
    ("Lý", 5),
    ("Đinh", 6),
    ("Đào", 5),
    ("Đoàn", 4),
    ("Trương", 5),
    ("Trịnh", 4),
    ("Mai", 4),
    ("Lương", 4),
    ("Hà", 4),
    ("Lâm", 3),
    ("Cao", 3),
    ("Tạ", 2),
    ("Tô", 2),
    ("Thái", 2),
    ("Châu", 2),
    ("Lưu", 2),
    ("Triệu", 2),
    ("Chu", 1),
    ("Vương", 1),
    ("Quách", 1),
    ("Kiều", 1),
    ("Tăng", 1),
    ("La", 1),
    ("Đàm", 1),
    ("Khúc", 0.5),
    ("Mạc", 0.5),
    ("Lục", 0.5),
)

MALE_MIDDLE = (
    "Văn", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Công", "Ngọc", "Xuân", "Duy",
    "Tiến", "Đình", "Thành", "Trung", "Hoàng", "Mạnh", "Anh", "Quốc", "Trọng", "Hải",
)  # fmt: skip

FEMALE_MIDDLE = (
    "Thị", "Ngọc", "Thu", "Thanh", "Phương", "Thùy", "Minh", "Hồng", "Kim", "Bích",
    "Mai", "Hải", "Diệu", "Khánh", "Bảo", "Huyền", "Lan", "Quỳnh", "Tuyết", "Hoài",
)  # fmt: skip

MALE_GIVEN = (
    "Anh", "Hùng", "Dũng", "Tuấn", "Nam", "Hải", "Long", "Minh", "Thắng", "Cường",
    "Hoàng", "Hiếu", "Trung", "Đức", "Quang", "Sơn", "Tùng", "Phong", "Bình", "Thành",
    "Tài", "Huy", "Khánh", "Việt", "Kiên", "Lâm", "Hưng", "Phúc", "Toàn", "Quân",
    "Thịnh", "Đạt", "Vinh", "Hòa", "Lợi", "Tâm", "Trí", "Nghĩa", "Tiến", "Thái",
    "Phước", "Khoa", "Lộc", "Tín", "Bảo", "Hậu", "Nhân", "Tú", "Định", "Đông",
)  # fmt: skip

FEMALE_GIVEN = (
    "Linh", "Hương", "Trang", "Huyền", "Hằng", "Lan", "Thảo", "Ngọc", "Hà", "Phương",
    "Nga", "Mai", "Thủy", "Hoa", "Anh", "Yến", "Nhung", "Dung", "Loan", "Vân",
    "Hạnh", "Hiền", "Liên", "Oanh", "Thúy", "Tâm", "Quỳnh", "Trinh", "Nhi", "Giang",
    "Uyên", "Hồng", "Diệp", "Chi", "Ly", "Thơ", "Xuân", "Duyên", "Nguyệt", "Thư",
    "Vy", "Tuyết", "Hậu", "Nhàn", "Bích", "Lệ", "Ánh", "Tuyền", "Khuê", "Ngân",
)  # fmt: skip


def zipf_weights(count: int, exponent: float = 1.0) -> list[float]:
    return [1.0 / (rank**exponent) for rank in range(1, count + 1)]
