"""How demo books spread over the country and what demo employers are called.

PROVINCE_WEIGHTS: rough thousandths of the insured workforce of 2017 by province (General
Statistics Office codes): the industrial south-east and the two big cities hold most of
it. A province not listed weighs DEFAULT_PROVINCE_WEIGHT.
"""

PROVINCE_WEIGHTS: dict[str, float] = {
    "79": 185,  # Hồ Chí Minh
    "01": 125,  # Hà Nội
    "74": 80,  # Bình Dương
    "75": 55,  # Đồng Nai
    "31": 30,  # Hải Phòng
    "27": 24,  # Bắc Ninh
    "80": 22,  # Long An
    "30": 18,  # Hải Dương
    "22": 18,  # Quảng Ninh
    "38": 18,  # Thanh Hóa
    "24": 16,  # Bắc Giang
    "48": 15,  # Đà Nẵng
    "40": 15,  # Nghệ An
    "19": 13,  # Thái Nguyên
    "77": 12,  # Bà Rịa - Vũng Tàu
    "26": 12,  # Vĩnh Phúc
    "33": 12,  # Hưng Yên
    "72": 11,  # Tây Ninh
    "82": 11,  # Tiền Giang
    "36": 10,  # Nam Định
    "34": 9,  # Thái Bình
    "56": 9,  # Khánh Hòa
    "92": 9,  # Cần Thơ
    "49": 9,  # Quảng Nam
    "35": 8,  # Hà Nam
    "37": 8,  # Ninh Bình
    "25": 8,  # Phú Thọ
    "46": 8,  # Thừa Thiên Huế
    "52": 7,  # Bình Định
    "83": 7,  # Bến Tre
    "89": 7,  # An Giang
}
DEFAULT_PROVINCE_WEIGHT = 4.5

COMPANY_FORMS = (
    ("Công ty TNHH", 50),
    ("Công ty Cổ phần", 25),
    ("Công ty TNHH MTV", 10),
    ("Doanh nghiệp tư nhân", 6),
    ("Hợp tác xã", 4),
    ("Chi nhánh Công ty Cổ phần", 5),
)
SECTORS = (
    "May mặc", "Giày da", "Điện tử", "Xây dựng", "Thực phẩm", "Vận tải", "Cơ khí",
    "Thương mại Dịch vụ", "Chế biến gỗ", "Dệt may", "Thủy sản", "Bao bì", "Nhựa",
    "Điện lạnh", "Dược phẩm", "Vật liệu xây dựng", "Công nghệ thông tin", "Du lịch",
)  # fmt: skip
FACTORY_SECTORS = ("May mặc", "Giày da", "Điện tử", "Dệt may", "Chế biến gỗ", "Thủy sản")
BRANDS = (
    "Phú Thịnh", "Hưng Phát", "Thành Công", "An Khang", "Minh Long", "Đại Việt",
    "Hòa Bình", "Tân Tiến", "Sao Mai", "Hoàng Gia", "Phúc Lộc", "Trường Sơn", "Bình Minh",
    "Thiên Phú", "Nam Việt", "Đông Á", "Kim Cương", "Hồng Hà", "Việt Thắng", "Quang Trung",
    "Thăng Long", "Sông Hồng", "Cửu Long", "Tây Nguyên", "Hải Âu", "Ánh Dương",
    "Vạn Xuân", "Lạc Hồng", "Đức Thành", "Tiến Đạt", "Gia Huy", "Bảo Tín", "Toàn Cầu",
)  # fmt: skip
PUBLIC_BODIES = (
    "Trường Tiểu học",
    "Trường Trung học cơ sở",
    "Trường Mầm non",
    "Trung tâm Y tế",
    "Ủy ban nhân dân",
    "Phòng Giáo dục và Đào tạo",
    "Bệnh viện Đa khoa",
)
STREETS = (
    "Lê Lợi", "Trần Hưng Đạo", "Nguyễn Huệ", "Hai Bà Trưng", "Lý Thường Kiệt",
    "Quang Trung", "Nguyễn Trãi", "Phan Chu Trinh", "Điện Biên Phủ", "Hùng Vương",
    "Lê Duẩn", "Võ Thị Sáu", "Nguyễn Văn Linh", "Cách Mạng Tháng Tám", "Đường số 5",
)  # fmt: skip
JOBS = (
    "Công nhân may", "Công nhân", "Công nhân vận hành máy", "Kỹ thuật viên",
    "Nhân viên kinh doanh", "Kế toán viên", "Nhân viên văn phòng", "Lái xe",
    "Bảo vệ", "Tổ trưởng sản xuất", "Kỹ sư", "Giáo viên", "Y sĩ", "Chuyên viên",
    "Thủ kho", "Nhân viên bán hàng", "Trưởng phòng", "Giám đốc",
)  # fmt: skip
