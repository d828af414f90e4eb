// Scripted kiosk sessions: request line → expected response pattern (run by kiosk.test.ts over TCP
// against a started libgate with the sample patrons and items). `{D}` is a transaction date.
export interface Step { readonly send: string, readonly expect: RegExp, readonly note: string }
export interface Script { readonly name: string, readonly steps: readonly Step[] }

const DT = '\\d{8} {4}\\d{6}'
const re = (s: string): RegExp => new RegExp(`^${s.replace(/\{DT\}/g, DT)}$`)

export const SCRIPTS: readonly Script[] = [
  {
    name: 'self-checkout: login, status, patron info, checkout, renew, end session',
    steps: [
      { send: '9300CNkiosk1|COs3cret-kiosk|CPdesk-1|', expect: re('941'), note: 'login' },
      { send: '9900302.00', expect: re('98YYYYYY050003{DT}2\\.00AOVN-SAMPLE\\|AMVN-SAMPLE\\|BXYYYYYYYYYYYYYYYY\\|'), note: 'ACS status: every message, timeout, retries' },
      { send: '23000{D}AOVN-SAMPLE|AAB0001|ACs3cret-kiosk|AD1234|', expect: re('24 {14}000{DT}AOVN-SAMPLE\\|AAB0001\\|AENguyễn Văn An\\|BLY\\|CQY\\|BHVND\\|BV0\\|'), note: 'patron status, PIN ok' },
      { send: '23000{D}AOVN-SAMPLE|AAB0001|AD9999|', expect: /\|CQN\|/, note: 'wrong PIN' },
      { send: '23000{D}AOVN-SAMPLE|AAB0005|AD5678|', expect: re('24YYYY {10}000{DT}AOVN-SAMPLE\\|AAB0005\\|AEĐặng Quốc Đạt\\|BLY\\|CQY\\|BHVND\\|BV0\\|AFCard expired\\|'), note: 'expired card: privileges denied' },
      { send: '11YN{D}{B}AOVN-SAMPLE|AAB0001|ABS000001-1|AD1234|', expect: re('121NNY{DT}AOVN-SAMPLE\\|AAB0001\\|ABS000001-1\\|AJTruyện Kiều\\|AH{DT}\\|CK001\\|'), note: 'checkout' },
      { send: '11YN{D}{B}AOVN-SAMPLE|AAB0001|ABS000001-1|AD1234|', expect: re('121NNY{DT}AOVN-SAMPLE\\|AAB0001\\|ABS000001-1\\|AJTruyện Kiều\\|AH{DT}\\|CK001\\|'), note: 'the same checkout resent: the same answer, no renewal' },
      { send: '11YN{D}{B}AOVN-SAMPLE|AAB0005|ABS000002-1|', expect: re('120NNN{DT}AOVN-SAMPLE\\|AAB0005\\|ABS000002-1\\|AJSố đỏ : tiểu thuyết\\|AH\\|CK001\\|AFCard expired\\|'), note: 'blocked checkout still names the item, AH empty' },
      { send: '6300020261124    205300  Y       AOVN-SAMPLE|AAB0001|AD1234|BP1|BQ5|', expect: re('64 {14}000{DT}000000000001000000000000AOVN-SAMPLE\\|AAB0001\\|AENguyễn Văn An\\|BZ0005\\|CA0003\\|CB0010\\|BLY\\|CQY\\|BHVND\\|BV0\\|CC50000\\|AUS000001-1\\|BEan\\.nguyen@example\\.vn\\|BF0901000001\\|'), note: 'patron information with the charged list' },
      { send: '29NN{D}{B}AOVN-SAMPLE|AAB0001|ABS000001-1|', expect: re('301YNN{DT}AOVN-SAMPLE\\|AAB0001\\|ABS000001-1\\|AJTruyện Kiều\\|AH{DT}\\|CK001\\|'), note: 'renew' },
      { send: '17{D}AOVN-SAMPLE|ABS000001-1|', expect: re('18040201{DT}AH{DT}\\|ABS000001-1\\|AJTruyện Kiều\\|BGVN-SAMPLE\\|CK001\\|AQKho mở\\|CS895\\.9221 NG-D\\|'), note: 'item information: charged' },
      { send: '35{D}AOVN-SAMPLE|AAB0001|', expect: re('36Y{DT}AOVN-SAMPLE\\|AAB0001\\|'), note: 'end patron session' },
    ],
  },
  {
    name: 'book drop: checkin with a hold waiting, fee paid',
    steps: [
      { send: '9300CNkiosk1|COs3cret-kiosk|', expect: re('941'), note: 'login' },
      { send: '15+{D}BSVN-SAMPLE|AOVN-SAMPLE|AAB0002|AJVN-SYN-000001|', expect: re('161Y{DT}BR1\\|BSVN-SAMPLE\\|AOVN-SAMPLE\\|AAB0002\\|AJTruyện Kiều\\|AFHold placed\\|'), note: 'hold on the title, first in the queue; a copy is on the shelf (available Y)' },
      { send: '09N{D}{D}APVN-SAMPLE|AOVN-SAMPLE|ABS000001-1|', expect: re('101YNY{DT}AOVN-SAMPLE\\|ABS000001-1\\|AQKho mở\\|AJTruyện Kiều\\|CLHOLDS\\|AAB0001\\|CK001\\|CS895\\.9221 NG-D\\|CV01\\|CYB0002\\|DATrần Thị Bình\\|AFHold: place on the hold shelf\\|'), note: 'checkin: alert, sort bin, hold patron' },
      { send: '09N{D}{D}APVN-SAMPLE|AOVN-SAMPLE|ABS000001-1|', expect: /^101YNY/, note: 'checkin resent: ok again' },
      { send: '17{D}AOVN-SAMPLE|ABS000001-1|', expect: /^18080201/, note: 'waiting on the hold shelf' },
      { send: '37{D}0400VNDBV5000|AOVN-SAMPLE|AAB0002|', expect: re('38N{DT}AOVN-SAMPLE\\|AAB0002\\|AFNothing owed\\|'), note: 'fee paid with nothing owed: refused' },
      { send: '11YN{D}{B}AOVN-SAMPLE|AAB0002|ABS000001-1|', expect: /^121NNY/, note: 'the hold patron checks it out' },
      { send: '11NY20260101    100000{B}AOVN-SAMPLE|AAB0003|ABS000003-1|', expect: /^121NNY/, note: 'store-and-forward checkout (no block = Y) from January, due 21 days later' },
      { send: '09Y20260101    100000{D}APVN-SAMPLE|AOVN-SAMPLE|ABS000003-1|', expect: re('101YNN{DT}AOVN-SAMPLE\\|ABS000003-1\\|AQKho mở\\|AJTắt đèn\\|AAB0003\\|CK001\\|CS895\\.92233 NG-T\\|AFOverdue fine \\d+ VND\\|'), note: 'returned late: fine' },
      { send: '6300020261124    205300   Y      AOVN-SAMPLE|AAB0003|', expect: re('64[ Y]{14}000{DT}000000000000000100000000AOVN-SAMPLE\\|AAB0003\\|.*\\|AVF\\d+ \\d+ VND overdue S000003-1\\|.*'), note: 'fine list; fees over the limit show in the flags' },
      { send: '37{D}0400VNDBV1000|AOVN-SAMPLE|AAB0003|', expect: re('38Y{DT}AOVN-SAMPLE\\|AAB0003\\|BKP\\d+\\|AFPaid 1000 VND\\|'), note: 'fee paid' },
    ],
  },
  {
    name: 'error detection: AY/AZ, 96 on a bad checksum, 97 resend',
    steps: [
      { send: '9300CNkiosk1|COs3cret-kiosk|AY0AZ{Z}', expect: /^941AY0AZ[0-9A-F]{4}$/, note: 'login with checksum' },
      { send: '9900302.00AY1AZFCA5', expect: /^98YYYYYY.*AY1AZ[0-9A-F]{4}$/, note: 'the worked example' },
      { send: '97AZFEF5', expect: /^98YYYYYY.*AY1AZ[0-9A-F]{4}$/, note: '97: last response again' },
      { send: '2300020261124    205252AOVN-SAMPLE|AAB0001|AY2AZ0000', expect: /^96AZFEF6$/, note: 'bad checksum: 96' },
      { send: 'XX', expect: /^98YYYYYY/, note: 'an unknown command is ignored; the connection stays up (a 99 is answered next)' },
    ],
  },
  {
    name: 'security: no login, wrong password',
    steps: [
      { send: '23000{D}AOVN-SAMPLE|AAB0001|', expect: /^24YYYY {10}000.*AFLogin required\|$/, note: 'before login' },
      { send: '9300CNkiosk1|COwrong|', expect: re('940'), note: 'wrong password' },
      { send: '9300CNkiosk1|COs3cret-kiosk|', expect: re('941'), note: 'right password' },
      { send: '23000{D}AOVN-OTHER|AAB0001|', expect: /AFThis device serves institution VN-SAMPLE\|$/, note: 'another institution' },
    ],
  },
]
