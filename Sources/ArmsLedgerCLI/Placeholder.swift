import ArmsLedger
